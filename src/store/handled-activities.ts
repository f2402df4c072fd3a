import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Which Teams activities some instance has already answered, so that a delivery repeated
 * to another instance behind the load balancer is answered once. Ids only: never the text.
 */
export interface HandledActivityStore {
  /**
   * Records (conversation, activity id) as handled at `at`; true when no instance had recorded it
   * before. One insert that does nothing on a conflict: of two instances racing, exactly one gets true.
   */
  recordHandled(conversationId: string, activityId: string, at: Date): Promise<boolean>;
  /** Forgets pairs handled before `cutoff` (a replay arrives within minutes, not days); how many went. */
  deleteHandledBefore(cutoff: Date): Promise<number>;
}

export function handledActivityStore(db: Kysely<Database>): HandledActivityStore {
  return {
    async recordHandled(conversationId, activityId, at) {
      const result = await db
        .insertInto('handled_activity')
        .values({ conversation_id: conversationId, activity_id: activityId, handled_at: at.toISOString() })
        .onConflict((oc) => oc.columns(['conversation_id', 'activity_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async deleteHandledBefore(cutoff) {
      const result = await db.deleteFrom('handled_activity').where('handled_at', '<', cutoff.toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
