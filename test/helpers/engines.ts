import path from 'node:path';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { requirePostgres } from './postgres.js';
import { tempDir } from './test-server.js';

/**
 * The store engines every store-backed test runs on, one matrix (as kysely's DIALECTS):
 * `for (const engine of ENGINES) describe(`... on ${engine.name}`, ...)`. The behaviour must not
 * depend on which one. Each call gives a fresh, empty database (PostgreSQL: a new database on the
 * shared embedded server; SQLite: a new file).
 */
export interface Engine {
  readonly name: 'SQLite' | 'PostgreSQL';
  readonly kind: Config['store']['kind'];
  /** Store settings for a fresh, empty database. */
  config(ctx: Mocha.Context): Promise<Config['store']>;
  /** A fresh, migrated, empty store. */
  open(ctx: Mocha.Context): Promise<Store>;
  /** Environment that puts a real server or the CLI on a fresh database (SQLite needs none: DATA_DIR holds it). */
  env(ctx: Mocha.Context): Promise<Record<string, string>>;
}

export function openTestStore(store: Config['store']): Promise<Store> {
  return openStore({ config: { store }, logger: createLogger('silent') });
}

function engine(name: Engine['name'], config: (ctx: Mocha.Context) => Promise<Config['store']>): Engine {
  return {
    name,
    kind: name === 'SQLite' ? 'sqlite' : 'postgres',
    config,
    open: async (ctx) => openTestStore(await config(ctx)),
    env: async (ctx): Promise<Record<string, string>> => {
      const store = await config(ctx);
      return store.kind === 'postgres' ? { DATABASE_URL: store.url } : {};
    },
  };
}

export const SQLITE = engine('SQLite', async () => ({ kind: 'sqlite', file: path.join(tempDir(), 'lma.sqlite') }));
export const POSTGRES = engine('PostgreSQL', async (ctx) => ({ kind: 'postgres', url: await requirePostgres(ctx) }));
export const ENGINES: readonly Engine[] = [SQLITE, POSTGRES];
