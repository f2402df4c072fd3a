import { installInEveryChai, requireAnAssertion } from './honest-assertions.js';
import { stopPostgresServer } from './postgres.js';

/**
 * Root hooks: every test must make an assertion (and none may assert on a Promise);
 * the shared embedded PostgreSQL server is stopped once, after every suite.
 */
export const mochaHooks = {
  beforeAll: installInEveryChai,
  beforeEach: requireAnAssertion,
  async afterAll(this: Mocha.Context) {
    // A server's shutdown checkpoints to disk: on a busy machine that has taken over 30 s.
    this.timeout(120_000);
    await stopPostgresServer();
  },
};
