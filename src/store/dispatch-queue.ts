import type { Kysely } from 'kysely';
import type { ClaimedNudge, DueNudge, Nudge } from '../domain/nudge.js';
import { isDueAt, JOINED_MANAGER, joinedManagerOf, nudgeOf } from './nudge-rows.js';
import type { Database } from './schema.js';

/**
 * The dispatch queue: claim what is due under a lease, then end each claim
 * sent, waiting to retry, released or ended. Every change of state is one
 * guarded UPDATE, so two instances sharing PostgreSQL never both own a nudge.
 */
export function dispatchQueue(db: Kysely<Database>, engine: 'sqlite' | 'postgres') {
  /** Changes claimed nudges, only while `owner` still holds their lease (a late instance cannot overwrite another's work). */
  const ownedBy = (ids: readonly string[], owner: string) => db.updateTable('nudge').where('id', 'in', ids).where('lease_owner', '=', owner);
  const unleased = { lease_owner: null, lease_expires_at: null };
  return {
    /**
     * Claims up to `limit` nudges that are due (or whose lease ran out) for `owner`
     * until `leaseUntil`. On PostgreSQL rows locked by another instance are skipped.
     */
    async claimDue(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNudge[]> {
      const at = now.toISOString();
      return db.transaction().execute(async (trx) => {
        const due = () => {
          const q = trx.selectFrom('nudge as n').select(['n.id', 'n.manager_email']).where(isDueAt(at));
          // Two instances on PostgreSQL pass over each other's rows instead of waiting on them.
          return engine === 'postgres' ? q.forUpdate().skipLocked() : q;
        };
        // By manager, so that a manager's due reminders share a claim and go on one digest card
        // (every due reminder goes out in the same pass, so the order does not delay anyone for long).
        const picked = await due().orderBy('n.manager_email').orderBy('n.send_after').limit(limit).execute();
        if (picked.length === 0) return [];
        // The last manager may have more due than the limit left room for: claim theirs too.
        const last = picked[picked.length - 1]!.manager_email;
        const rest = picked.length === limit ? await due().where('n.manager_email', '=', last).execute() : [];
        const ids = [...new Set([...picked, ...rest].map((r) => r.id))];
        await trx
          .updateTable('nudge')
          .set({ status: 'claimed', lease_owner: owner, lease_expires_at: leaseUntil.toISOString(), updated_at: at })
          .where('id', 'in', ids)
          .execute();
        const rows = await trx
          .selectFrom('nudge as n')
          .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
          .leftJoin('manager as m', 'm.email', 'n.manager_email')
          .selectAll('n')
          .select(['p.display_name', 'p.email as person_email', 'p.last_wellbeing_on', ...JOINED_MANAGER])
          .where('n.id', 'in', ids)
          .where('n.lease_owner', '=', owner)
          .execute();
        return rows.map((r) => ({
          ...nudgeOf(r),
          person: { displayName: r.display_name, email: r.person_email ?? undefined, lastWellbeingOn: r.last_wellbeing_on ?? undefined },
          manager: joinedManagerOf(r),
        }));
      });
    },

    /** Marks sent, with the Teams message they went out on. */
    async markSent(ids: readonly string[], owner: string, activityId: string, now: Date): Promise<void> {
      const at = now.toISOString();
      await ownedBy(ids, owner).set({ status: 'sent', sent_at: at, activity_id: activityId, last_error: null, ...unleased, updated_at: at }).execute();
    },

    /** Puts claimed nudges back to wait until `retryAt` (429, transient errors), counting the attempt. */
    async markRetry(ids: readonly string[], owner: string, retryAt: Date, error: string, now: Date): Promise<void> {
      await ownedBy(ids, owner)
        .set((eb) => ({ status: 'pending', send_after: retryAt.toISOString(), attempts: eb('attempts', '+', 1), last_error: error, ...unleased, updated_at: now.toISOString() }))
        .execute();
    },

    /** Hands claimed nudges back unsent, with no attempt counted; `sendAfter` moves them later (outside working hours). */
    async release(ids: readonly string[], owner: string, now: Date, sendAfter?: Date): Promise<void> {
      await ownedBy(ids, owner)
        .set({ status: 'pending', ...unleased, updated_at: now.toISOString(), ...(sendAfter ? { send_after: sendAfter.toISOString() } : {}) })
        .execute();
    },

    async markEnded(ids: readonly string[], owner: string, status: 'parked' | 'failed', error: string, now: Date): Promise<void> {
      await ownedBy(ids, owner).set({ status, last_error: error, ...unleased, updated_at: now.toISOString() }).execute();
    },

    /** What a dispatch at `at` would send (read only: nothing is claimed). */
    async dueAt(at: Date, limit: number): Promise<Nudge[]> {
      const rows = await db.selectFrom('nudge as n').selectAll('n').where(isDueAt(at.toISOString())).orderBy('n.send_after').limit(limit).execute();
      return rows.map(nudgeOf);
    },

    /** As dueAt, with the manager a dispatch checks before sending: can they be reached, and is their window open. */
    async dueWithManagerAt(at: Date, limit: number): Promise<DueNudge[]> {
      const rows = await db
        .selectFrom('nudge as n')
        .leftJoin('manager as m', 'm.email', 'n.manager_email')
        .selectAll('n')
        .select([...JOINED_MANAGER])
        .where(isDueAt(at.toISOString()))
        .orderBy('n.send_after')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...nudgeOf(r), manager: joinedManagerOf(r) }));
    },
  };
}
