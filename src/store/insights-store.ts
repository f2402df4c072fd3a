import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Counts for HR's dashboard. Every query returns aggregates; the minimum
 * group size is applied by the use-case (src/publishing/insights.ts).
 */
export interface DepartmentNudgeCounts {
  readonly department: string | undefined;
  /** Distinct people the counts are about: the group size. */
  readonly people: number;
  readonly heldOnTime: number;
  readonly heldLate: number;
  readonly snoozed: number;
  readonly skippedOnLeave: number;
  readonly skippedLeftTeam: number;
  readonly skippedOther: number;
  readonly undeliverable: number;
}

const count = (condition: ReturnType<typeof sql>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;

export class InsightsStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Questions per day (YYYY-MM-DD) and outcome, asked at or after `from`. */
  async questionsByDay(from: Date): Promise<{ day: string; status: 'answer' | 'clarify' | 'none'; n: number }[]> {
    const day = sql<string>`substr(asked_at, 1, 10)`;
    const rows = await this.db
      .selectFrom('question_log')
      .select([day.as('day'), 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('asked_at', '>=', from.toISOString())
      .groupBy([day, 'status'])
      .execute();
    return rows.map((r) => ({ day: r.day, status: r.status, n: Number(r.n) }));
  }

  /** Answers given per document since `from`, most first. */
  async answersByDocument(from: Date, limit: number): Promise<{ docId: string; n: number }[]> {
    const rows = await this.db
      .selectFrom('question_log')
      .select(['doc_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('asked_at', '>=', from.toISOString())
      .where('status', '=', 'answer')
      .where('doc_id', 'is not', null)
      .groupBy('doc_id')
      .orderBy('n', 'desc')
      .orderBy('doc_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ docId: r.doc_id!, n: Number(r.n) }));
  }

  async feedbackCounts(): Promise<{ docId: string; helpful: number; notHelpful: number }[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['doc_id', count(sql`helpful = 1`).as('yes'), count(sql`helpful = 0`).as('no')])
      .groupBy('doc_id')
      .execute();
    return rows.map((r) => ({ docId: r.doc_id, helpful: Number(r.yes), notHelpful: Number(r.no) }));
  }

  /** Free-text comments left with feedback, newest first (no identity is stored with them). */
  async feedbackComments(limit: number): Promise<{ docId: string; text: string; at: string }[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .select(['doc_id', 'comment', 'created_at'])
      .where('comment', 'is not', null)
      .where('comment', '<>', '')
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ docId: r.doc_id, text: r.comment!, at: r.created_at }));
  }

  /** Wellbeing nudges due on or after `fromDate` (YYYY-MM-DD), counted by the person's department. */
  async nudgesByDepartment(fromDate: string): Promise<DepartmentNudgeCounts[]> {
    const rows = await this.db
      .selectFrom('nudge as n')
      .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
      .select([
        'p.department',
        (eb) => eb.fn.count<number>('n.employee_id').distinct().as('people'),
        count(sql`n.outcome = 'held' and n.held_on <= n.due_date`).as('held_on_time'),
        count(sql`n.outcome = 'held' and n.held_on > n.due_date`).as('held_late'),
        count(sql`n.outcome = 'snoozed'`).as('snoozed'),
        count(sql`n.outcome = 'skipped' and n.skip_reason = 'on-leave'`).as('on_leave'),
        count(sql`n.outcome = 'skipped' and n.skip_reason = 'left-team'`).as('left_team'),
        count(sql`n.outcome = 'skipped' and n.skip_reason not in ('on-leave', 'left-team')`).as('other'),
        count(sql`n.status in ('parked', 'failed')`).as('undeliverable'),
      ])
      .where('n.kind', '=', 'wellbeing')
      .where('n.due_date', '>=', fromDate)
      .groupBy('p.department')
      .execute();
    return rows.map((r) => ({
      department: r.department ?? undefined,
      people: Number(r.people),
      heldOnTime: Number(r.held_on_time),
      heldLate: Number(r.held_late),
      snoozed: Number(r.snoozed),
      skippedOnLeave: Number(r.on_leave),
      skippedLeftTeam: Number(r.left_team),
      skippedOther: Number(r.other),
      undeliverable: Number(r.undeliverable),
    }));
  }

  /** Onboarding check-ins due between the dates (inclusive), and how many were held. */
  async onboardingCheckIns(fromDate: string, toDate: string): Promise<{ due: number; completed: number }> {
    const row = await this.db
      .selectFrom('nudge')
      .select([(eb) => eb.fn.countAll<number>().as('due'), count(sql`outcome = 'held'`).as('completed')])
      .where('kind', '=', 'onboarding')
      .where('due_date', '>=', fromDate)
      .where('due_date', '<=', toDate)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    return { due: Number(row?.due ?? 0), completed: Number(row?.completed ?? 0) };
  }
}
