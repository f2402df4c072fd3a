import { sql, type Kysely } from 'kysely';
import { AppError, errorForLog } from '../errors.js';
import type { Database } from './schema.js';

/** Proves the store answers (ping): a query every engine supports. */
export const pingQuery = sql<{ ok: number }>`select 1 as ok`;

/** How long a SQLite write waits for another connection's lock (busy_timeout) in normal use. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** A readiness probe must answer quickly: it waits this long for a lock instead. */
const CHECK_WAIT_MS = 250;

/**
 * Whether the database takes a write now: one heartbeat row in app_meta, written and committed
 * (a full disk, a read-only or locked file, a read-only PostgreSQL replica all fail here, while
 * `select 1` still answers). Rejects with STORE_UNAVAILABLE naming the driver's code.
 */
export async function checkWritable(db: Kysely<Database>, engine: 'sqlite' | 'postgres', now: Date): Promise<void> {
  const write = (trx: Kysely<Database>) =>
    trx
      .insertInto('app_meta')
      .values({ key: 'readiness-check', value: 'written', updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ updated_at: now.toISOString() }))
      .execute();
  try {
    if (engine === 'sqlite') {
      await withSqliteLockWait(db, CHECK_WAIT_MS, (conn) => conn.transaction().execute(write));
    } else {
      await db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '1s'`.execute(trx);
        await sql`set local statement_timeout = '3s'`.execute(trx);
        await write(trx);
      });
    }
  } catch (err) {
    const cause = errorForLog(err);
    throw new AppError('STORE_UNAVAILABLE', `${engine} database cannot take a write${cause.code ? ` (${cause.code})` : ''}`, [], { cause: err });
  }
}

/**
 * Runs `work` on SQLite with another process's write lock waited for only `waitMs`, not the usual
 * busy_timeout: better-sqlite3 waits on the event loop's thread, so every request would wait with it.
 */
export async function withSqliteLockWait<T>(db: Kysely<Database>, waitMs: number, work: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`pragma busy_timeout = ${sql.lit(waitMs)}`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`pragma busy_timeout = ${sql.lit(SQLITE_BUSY_TIMEOUT_MS)}`.execute(conn);
    }
  });
}
