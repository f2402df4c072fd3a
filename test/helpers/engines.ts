import path from 'node:path';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { requirePostgres } from './postgres.js';
import { tempDir } from './test-server.js';

export interface StoreEngine {
  readonly name: string;
  config(ctx: Mocha.Context): Promise<Config['store']>;
  /** A fresh, migrated, empty store on this engine. */
  open(ctx: Mocha.Context): Promise<Store>;
}

function engine(name: string, config: (ctx: Mocha.Context) => Promise<Config['store']>): StoreEngine {
  return { name, config, open: async (ctx) => openStore({ config: { store: await config(ctx) }, logger: createLogger('silent') }) };
}

/** Both store engines, for suites that must behave the same on each: `for (const engine of STORE_ENGINES) describe(...)`. */
export const STORE_ENGINES: readonly StoreEngine[] = [
  engine('SQLite', async () => ({ kind: 'sqlite', file: path.join(tempDir(), 'lma.sqlite') })),
  engine('PostgreSQL', async (ctx) => ({ kind: 'postgres', url: await requirePostgres(ctx) })),
];
