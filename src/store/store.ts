import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { migrationProvider } from './migrations.js';
import { checkWritable, pingQuery, SQLITE_BUSY_TIMEOUT_MS } from './write-check.js';
import { AuditLog, ContentStore } from './content-store.js';
import { handledActivityStore, type HandledActivityStore } from './handled-activities.js';
import { InsightsStore } from './insights-store.js';
import { nudgeStore, type NudgeStore } from './nudge-store.js';
import { peopleStore, type PeopleStore } from './people-store.js';
import { PrivacyStore } from './privacy-store.js';
import { questionStore, type QuestionStore } from './question-store.js';
import { TicketStore } from './ticket-store.js';
import type { Database } from './schema.js';

export type { RosterImportOptions, RosterImportResult } from './people-store.js';
export type { FeedbackRecord, QuestionLogBatch, QuestionRecord, UnansweredQuestion, UnansweredRecord } from './question-store.js';

export type StoreEngine = 'sqlite' | 'postgres';

/**
 * The data-access layer. Use-cases talk to this interface (or, better, to a
 * small interface of their own that it meets); SQL, table columns and the two
 * engines stay behind it, and everything it returns is a domain object.
 */
export interface Store extends PeopleStore, QuestionStore {
  readonly engine: StoreEngine;
  /** Managers, planning, the dispatch queue and outcomes (see nudge-store.ts). */
  readonly nudges: NudgeStore;
  /** Content versions and the content revision. */
  readonly content: ContentStore;
  readonly audit: AuditLog;
  /** Aggregates for HR's dashboard. */
  readonly insights: InsightsStore;
  /** Retention, "forget me" and subject-access reads. */
  readonly privacy: PrivacyStore;
  /** Questions to HR, their cards to send and the team channels the bot is in. */
  readonly tickets: TicketStore;
  /** Teams activities some instance has answered (ids only), so a repeated delivery is answered once. */
  readonly activities: HandledActivityStore;
  /** Resolves when the database answers a query; rejects with STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Resolves when the database takes (and commits) a small write; rejects with STORE_UNAVAILABLE naming the cause otherwise. */
  checkWritable(now: Date): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string, now: Date): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  readonly config: Pick<Config, 'store'>;
  readonly logger: Logger;
}

export async function openStore({ config, logger }: OpenStoreOptions): Promise<Store> {
  // The file names the problem for an operator; a PostgreSQL URL may carry a password, so it is not repeated.
  const file = config.store.kind === 'sqlite' ? config.store.file : undefined;
  let opened: ReturnType<typeof createKysely> | undefined;
  try {
    opened = createKysely(config.store, logger);
    await migrate(opened.db, logger);
  } catch (err) {
    await opened?.db.destroy().catch(() => undefined);
    const { code, message } = err as { code?: string; message: string };
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new AppError('STORE_DAMAGED', `${file ?? 'the database'} is not a usable SQLite database (${code}: ${message}). Restore it from a backup, or move it aside to start with an empty one.`, [], { cause: err });
    }
    throw new AppError('STORE_UNAVAILABLE', `Could not prepare the ${config.store.kind} database${file ? ` ${file}` : ''}: ${message}`, [], { cause: err });
  }
  return kyselyStore(opened.db, opened.engine);
}

function createKysely(store: Config['store'], logger: Logger): { db: Kysely<Database>; engine: StoreEngine } {
  if (store.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(store.file), { recursive: true });
    const sqlite = new BetterSqlite3(store.file);
    // WAL lets readers carry on while the writer commits; busy_timeout rides out short lock waits.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), engine: 'sqlite' };
  }
  const pool = new pg.Pool({ connectionString: store.url, max: 10, connectionTimeoutMillis: 3000 });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres connection lost'));
  // A client checked out when the server goes (mid-query or mid-transaction) has no pool listener, and its
  // 'error' would be uncaught. Its query fails anyway, and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', (err) => logger.debug({ err: err.message }, 'postgres connection lost while in use')));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
}

async function migrate(db: Kysely<Database>, logger: Logger): Promise<void> {
  // Migrations are independent of each other; a database that ran a later one first still takes an earlier one.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'migration applied');
  }
  if (error) throw error;
}

function kyselyStore(db: Kysely<Database>, engine: StoreEngine): Store {
  const people = peopleStore(db);
  /** Roster imports running now (each holds a transaction for as long as its file takes to read). */
  let importing = 0;
  return {
    engine,
    nudges: nudgeStore(db, engine),
    content: new ContentStore(db),
    audit: new AuditLog(db),
    insights: new InsightsStore(db),
    privacy: new PrivacyStore(db),
    tickets: new TicketStore(db, engine),
    activities: handledActivityStore(db, engine, () => importing > 0),
    ...people,
    async importRoster(rows, options) {
      importing++;
      try {
        return await people.importRoster(rows, options);
      } finally {
        importing--;
      }
    },
    ...questionStore(db),
    async ping() {
      try {
        await pingQuery.execute(db);
      } catch (err) {
        throw new AppError('STORE_UNAVAILABLE', `${engine} database is not answering`, [], { cause: err });
      }
    },
    async checkWritable(now) {
      // On SQLite a roster import holds the one connection for its whole transaction, writing as it goes:
      // the check would only queue behind it, and the import is itself proof that writes go through.
      if (engine === 'sqlite' && importing > 0) return;
      await checkWritable(db, engine, now);
    },
    async getMeta(key) {
      const row = await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value;
    },
    async setMeta(key, value, now) {
      const updated_at = now.toISOString();
      await db
        .insertInto('app_meta')
        .values({ key, value, updated_at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
        .execute();
    },
    async close() {
      await db.destroy();
    },
  };
}
