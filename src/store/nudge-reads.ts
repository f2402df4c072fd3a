import type { Kysely } from 'kysely';
import type { NewNudge, Nudge, NudgeAbout, NudgeOutcome, OutcomeResult } from '../domain/nudge.js';
import type { Person } from '../domain/people.js';
import { nudgeOf, outcomeColumns, OPEN_WELLBEING } from './nudge-rows.js';
import { personOf } from './people-store.js';
import { insertNudges } from './planning-queries.js';
import type { Database } from './schema.js';

/** Outcomes the manager records, and the views of nudges that cards, the My team tab and HR read. */
export function nudgeReads(db: Kysely<Database>) {
  const withPerson = () =>
    db
      .selectFrom('nudge as n')
      .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
      .selectAll('n')
      .select(['p.display_name', 'p.email as person_email', 'p.last_wellbeing_on']);
  const aboutOf = (r: Awaited<ReturnType<ReturnType<typeof withPerson>['execute']>>[number]): NudgeAbout => ({
    ...nudgeOf(r),
    person: { displayName: r.display_name, email: r.person_email ?? undefined, lastWellbeingOn: r.last_wellbeing_on ?? undefined },
  });
  const byId = async (trx: Kysely<Database>, id: string) => {
    const row = await trx.selectFrom('nudge').selectAll().where('id', '=', id).executeTakeFirst();
    return row && nudgeOf(row);
  };
  return {
    getNudge: (id: string): Promise<Nudge | undefined> => byId(db, id),

    /**
     * Records what the manager chose, once: a second click finds the outcome
     * already set and changes nothing. `next` is the following occurrence.
     */
    async recordOutcome(id: string, managerEmail: string, outcome: NudgeOutcome, next: NewNudge | undefined, now: Date): Promise<OutcomeResult> {
      const at = now.toISOString();
      return db.transaction().execute(async (trx) => {
        const nudge = await byId(trx, id);
        if (!nudge) return { status: 'not-found' };
        if (nudge.managerEmail !== managerEmail) return { status: 'not-yours' };
        if (nudge.outcome) return { status: 'already', nudge };
        const changed = await trx
          .updateTable('nudge')
          .set({ status: 'done', ...outcomeColumns(outcome), outcome_at: at, lease_owner: null, lease_expires_at: null, updated_at: at })
          .where('id', '=', id)
          .where('outcome', 'is', null)
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0) return { status: 'already', nudge: (await byId(trx, id))! };
        if (outcome.kind === 'held' && nudge.kind === 'wellbeing') {
          await trx.updateTable('person').set({ last_wellbeing_on: outcome.on, updated_at: at }).where('employee_id', '=', nudge.employeeId).execute();
        }
        if (next) await insertNudges(trx, [next], now);
        return { status: 'recorded', nudge: (await byId(trx, id))! };
      });
    },

    /** Nudges that went out on one card (a digest holds several). */
    async nudgesOnCard(activityId: string): Promise<NudgeAbout[]> {
      return (await withPerson().where('n.activity_id', '=', activityId).orderBy('n.due_date').execute()).map(aboutOf);
    },

    /** What is coming up for a manager: open nudges, soonest first. */
    async upcomingFor(managerEmail: string, limit: number): Promise<NudgeAbout[]> {
      const rows = await withPerson()
        .where('n.manager_email', '=', managerEmail)
        .where('n.outcome', 'is', null)
        .where('n.status', 'in', ['pending', 'claimed', 'sent', 'parked'])
        .orderBy('n.due_date')
        .limit(limit)
        .execute();
      return rows.map(aboutOf);
    },

    /** A manager's reports still in post, with their open wellbeing nudges and all their onboarding nudges. */
    async teamOf(managerEmail: string): Promise<{ people: Person[]; nudges: Nudge[] }> {
      const people = (
        await db.selectFrom('person').selectAll().where('manager_email', '=', managerEmail).where('left_on', 'is', null).orderBy('display_name').orderBy('employee_id').execute()
      ).map(personOf);
      if (people.length === 0) return { people, nudges: [] };
      const nudges = await db
        .selectFrom('nudge as n')
        .selectAll('n')
        .where('n.employee_id', 'in', people.map((p) => p.employeeId))
        .where((eb) => eb.or([eb('n.kind', '=', 'onboarding'), OPEN_WELLBEING]))
        .orderBy('n.due_date')
        .execute();
      return { people, nudges: nudges.map(nudgeOf) };
    },

    /** The one open wellbeing nudge for a person, if planned. */
    async openWellbeingNudge(employeeId: string): Promise<Nudge | undefined> {
      const row = await db.selectFrom('nudge as n').selectAll('n').where('n.employee_id', '=', employeeId).where(OPEN_WELLBEING).orderBy('n.due_date').executeTakeFirst();
      return row && nudgeOf(row);
    },

    /** Every nudge's delivery state, and why it failed or was parked (the delivery-guarantee checks read this). */
    async deliveryStates(): Promise<{ id: string; managerEmail: string; status: Nudge['status']; lastError: string | undefined; leaseOwner: string | undefined; attempts: number }[]> {
      const rows = await db.selectFrom('nudge').select(['id', 'manager_email', 'status', 'last_error', 'lease_owner', 'attempts']).execute();
      return rows.map((r) => ({ id: r.id, managerEmail: r.manager_email, status: r.status, lastError: r.last_error ?? undefined, leaseOwner: r.lease_owner ?? undefined, attempts: Number(r.attempts) }));
    },

    async countByStatus(): Promise<Record<string, number>> {
      const rows = await db.selectFrom('nudge').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** Takes people out entirely (their roster rows and every nudge about them), for demo data; returns how many people went. */
    async removePeople(employeeIds: readonly string[]): Promise<number> {
      if (employeeIds.length === 0) return 0;
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('nudge').where('employee_id', 'in', [...employeeIds]).execute();
        const gone = await trx.deleteFrom('person').where('employee_id', 'in', [...employeeIds]).executeTakeFirst();
        return Number(gone.numDeletedRows);
      });
    },
  };
}
