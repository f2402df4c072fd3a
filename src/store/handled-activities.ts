import type { InsertResult, Kysely } from 'kysely';
import type { Database } from './schema.js';
import { withSqliteLockWait } from './write-check.js';

/**
 * Which Teams activities some instance has already answered, so that a delivery repeated
 * to another instance behind the load balancer is answered once. Ids only: never the text.
 */
export interface HandledActivityStore {
  /**
   * Records (conversation, activity id) as handled at `at`: true when no instance had recorded it
   * before, false for a repeat. One insert that does nothing on a conflict, so of two instances racing
   * exactly one gets true. Undefined when the store cannot say without holding the reply up (below).
   */
  recordHandled(conversationId: string, activityId: string, at: Date): Promise<boolean | undefined>;
  /** Forgets pairs handled before `cutoff` (a replay arrives within minutes, not days); how many went. */
  deleteHandledBefore(cutoff: Date): Promise<number>;
}

/** How long a SQLite insert waits for another process's write lock (lma roster import) before giving up. */
const SQLITE_LOCK_WAIT_MS = 100;

export function handledActivityStore(db: Kysely<Database>, engine: 'sqlite' | 'postgres', importing: () => boolean): HandledActivityStore {
  const insert = (q: Kysely<Database>, conversationId: string, activityId: string, at: Date): Promise<InsertResult> =>
    q
      .insertInto('handled_activity')
      .values({ conversation_id: conversationId, activity_id: activityId, handled_at: at.toISOString() })
      .onConflict((oc) => oc.columns(['conversation_id', 'activity_id']).doNothing())
      .executeTakeFirst();
  return {
    async recordHandled(conversationId, activityId, at) {
      if (engine === 'postgres') return inserted(await insert(db, conversationId, activityId, at));
      // A roster import holds SQLite's one connection until it commits: every reply would wait for it. One
      // service runs per SQLite file (serve-lock), and its memory has already caught a repeat to itself.
      if (importing()) return undefined;
      return inserted(await withSqliteLockWait(db, SQLITE_LOCK_WAIT_MS, (conn) => insert(conn, conversationId, activityId, at)));
    },
    async deleteHandledBefore(cutoff) {
      const result = await db.deleteFrom('handled_activity').where('handled_at', '<', cutoff.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

const inserted = (result: InsertResult) => Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
