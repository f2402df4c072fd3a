import { stopPostgresServer } from './postgres.js';

/** Root hooks: the shared embedded PostgreSQL server is stopped once, after every suite. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30000);
    await stopPostgresServer();
  },
};
