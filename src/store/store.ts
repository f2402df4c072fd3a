import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { migrationProvider, pingQuery } from './migrations.js';
import type { Database } from './schema.js';

export type StoreEngine = 'sqlite' | 'postgres';

/**
 * The data-access layer. Use-cases talk to this interface; SQL and the two
 * engines stay behind it. Later features add their own methods here.
 */
export interface Store {
  readonly engine: StoreEngine;
  /** Resolves when the database answers a query; rejects with STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string, now: Date): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  readonly config: Pick<Config, 'store'>;
  readonly logger: Logger;
}

export async function openStore({ config, logger }: OpenStoreOptions): Promise<Store> {
  const { db, engine } = createKysely(config.store, logger);
  try {
    await migrate(db, logger);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw new AppError('STORE_UNAVAILABLE', `Could not prepare the ${engine} database: ${(err as Error).message}`, [], {
      cause: err,
    });
  }
  return new KyselyStore(db, engine);
}

function createKysely(store: Config['store'], logger: Logger): { db: Kysely<Database>; engine: StoreEngine } {
  if (store.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(store.file), { recursive: true });
    const sqlite = new BetterSqlite3(store.file);
    // WAL lets readers carry on while the writer commits; busy_timeout rides out short lock waits.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), engine: 'sqlite' };
  }
  const pool = new pg.Pool({ connectionString: store.url, max: 10, connectionTimeoutMillis: 3000 });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres connection lost'));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
}

async function migrate(db: Kysely<Database>, logger: Logger): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'migration applied');
  }
  if (error) throw error;
}

class KyselyStore implements Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly engine: StoreEngine,
  ) {}

  async ping(): Promise<void> {
    try {
      await pingQuery.execute(this.db);
    } catch (err) {
      throw new AppError('STORE_UNAVAILABLE', `${this.engine} database is not answering`, [], { cause: err });
    }
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async setMeta(key: string, value: string, now: Date): Promise<void> {
    const updated_at = now.toISOString();
    await this.db
      .insertInto('app_meta')
      .values({ key, value, updated_at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
      .execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
