import path from 'node:path';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { requirePostgres } from './postgres.js';
import { tempDir } from './test-server.js';

/** Each engine a store-backed suite runs on: the behaviour must not depend on which one. */
export const STORE_ENGINES: readonly { name: string; config(ctx: Mocha.Context): Promise<Config['store']> }[] = [
  { name: 'SQLite', config: async () => ({ kind: 'sqlite', file: path.join(tempDir(), 'lma.sqlite') }) },
  { name: 'PostgreSQL', config: async (ctx) => ({ kind: 'postgres', url: await requirePostgres(ctx) }) },
];

export function openTestStore(store: Config['store']): Promise<Store> {
  return openStore({ config: { store }, logger: createLogger('silent') });
}
