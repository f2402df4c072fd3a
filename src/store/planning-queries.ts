import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NewNudge, PlanningPerson } from '../domain/nudge.js';
import { NO_MANAGER, OPEN_WELLBEING } from './nudge-rows.js';
import type { Database } from './schema.js';

/** What planning asks: who needs a nudge, what a manager already has due, and creating nudges. */
export function planningQueries(db: Kysely<Database>) {
  const inPost = () =>
    db
      .selectFrom('person as p')
      .select(['p.employee_id', 'p.manager_email', 'p.start_date', 'p.last_wellbeing_on'])
      .where('p.left_on', 'is', null)
      .where('p.manager_email', '!=', NO_MANAGER)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('reminders_stopped as s').select('s.email').whereRef('s.email', '=', 'p.manager_email'))));
  const planningPerson = (p: { employee_id: string; manager_email: string; start_date: string; last_wellbeing_on: string | null }): PlanningPerson => ({
    employeeId: p.employee_id,
    managerEmail: p.manager_email,
    startDate: p.start_date,
    lastWellbeingOn: p.last_wellbeing_on ?? undefined,
  });
  return {
    /**
     * People in post with no open wellbeing nudge, a page at a time. A nudge
     * that failed for good after `failedSince` still counts as open, so a
     * manager whose Teams keeps failing gets a fresh attempt a day, not a new
     * nudge every planning pass.
     */
    async peopleWithoutOpenWellbeing(afterEmployeeId: string, limit: number, failedSince: Date): Promise<PlanningPerson[]> {
      const since = failedSince.toISOString();
      const rows = await inPost()
        .where('p.employee_id', '>', afterEmployeeId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('nudge as n')
                .select('n.id')
                .whereRef('n.employee_id', '=', 'p.employee_id')
                .where((w) =>
                  w.or([OPEN_WELLBEING, w.and([w('n.kind', '=', 'wellbeing'), w('n.outcome', 'is', null), w('n.status', '=', 'failed'), w('n.updated_at', '>', since)])]),
                ),
            ),
          ),
        )
        .orderBy('p.employee_id')
        .limit(limit)
        .execute();
      return rows.map(planningPerson);
    },

    /** New starters (start date in [from, to]) who have no onboarding nudges yet. */
    async newStartersWithoutOnboarding(from: string, to: string, limit: number): Promise<PlanningPerson[]> {
      const rows = await inPost()
        .where('p.start_date', '>=', from)
        .where('p.start_date', '<=', to)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('nudge as n').select('n.id').whereRef('n.employee_id', '=', 'p.employee_id').where('n.kind', '=', 'onboarding'))),
        )
        .orderBy('p.employee_id')
        .limit(limit)
        .execute();
      return rows.map(planningPerson);
    },

    /** Open reminders a manager has due on each date in [from, to]: what a day's digest already holds. */
    async openNudgesByDay(managerEmail: string, from: string, to: string): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('nudge')
        .select(['due_date', (eb) => eb.fn.countAll<number>().as('n')])
        .where('manager_email', '=', managerEmail)
        .where('status', 'in', ['pending', 'claimed', 'sent', 'parked'])
        .where('outcome', 'is', null)
        .where('due_date', '>=', from)
        .where('due_date', '<=', to)
        .groupBy('due_date')
        .execute();
      return new Map(rows.map((r) => [r.due_date, Number(r.n)]));
    },

    createNudges: (nudges: readonly NewNudge[], now: Date) => insertNudges(db, nudges, now),
  };
}

/** Creates nudges; ones that already exist (same person and step, or an open wellbeing one) are left alone. */
export async function insertNudges(db: Kysely<Database>, nudges: readonly NewNudge[], now: Date): Promise<number> {
  let created = 0;
  const at = now.toISOString();
  for (let i = 0; i < nudges.length; i += 100) {
    const rows = nudges.slice(i, i + 100).map((n) => ({
      id: randomUUID(),
      kind: n.kind,
      employee_id: n.employeeId,
      manager_email: n.managerEmail,
      step_id: n.stepId ?? null,
      due_date: n.dueDate,
      send_after: n.sendAfter.toISOString(),
      status: 'pending' as const,
      lease_owner: null,
      lease_expires_at: null,
      attempts: 0,
      last_error: null,
      sent_at: null,
      activity_id: null,
      outcome: null,
      outcome_at: null,
      held_on: null,
      snoozed_until: null,
      skip_reason: null,
      created_at: at,
      updated_at: at,
    }));
    const result = await db.insertInto('nudge').values(rows).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}
