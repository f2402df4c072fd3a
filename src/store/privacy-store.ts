import type { Kysely, Transaction, UpdateQueryBuilder, UpdateResult } from 'kysely';
import { ticketReference } from '../hr-questions/ticket.js';
import type { Database } from './schema.js';

/**
 * Retention, "forget me" and subject-access reads. Kept apart from the feature
 * stores so everything that deletes or discloses personal data is in one place.
 */
export interface RetentionResult {
  /** question_log rows deleted (outcome-only rows; no identity in them). */
  readonly questions: number;
  /** unanswered_question rows deleted (they hold the text people typed). */
  readonly unanswered: number;
  /** feedback comments blanked (the helpful/not helpful count stays). */
  readonly feedbackComments: number;
  /** Questions to HR closed before the cutoff, blanked (text and who asked; dates and status stay for the counts). */
  readonly hrTickets: number;
}

export interface ForgetResult {
  /** The manager row (preferences and conversation reference) was found and deleted. */
  readonly manager: boolean;
  /** Closed nudges kept for the counts, with the manager and the person removed. */
  readonly nudgesAnonymised: number;
  /** Open nudges deleted: they are plans, not history. */
  readonly nudgesRemoved: number;
  /**
   * True when HR's roster still lists people they manage: their email and Teams
   * account id are kept, with the date, so that no reminder is planned for them
   * until they say "start reminders".
   */
  readonly remindersStopped: boolean;
}

/** The placeholder written over identities in anonymised nudge rows. */
export const FORGOTTEN = 'forgotten';

export interface NudgeFacts {
  readonly id: string;
  readonly kind: string;
  readonly employeeId: string;
  readonly managerEmail: string;
  readonly stepId: string | null;
  readonly dueDate: string;
  readonly status: string;
  readonly sentAt: string | null;
  readonly outcome: string | null;
  readonly outcomeAt: string | null;
  readonly heldOn: string | null;
  readonly snoozedUntil: string | null;
  readonly skipReason: string | null;
}

export interface SubjectAccessRecord {
  /** The roster row, if they are on the roster. */
  readonly roster: Record<string, string | null> | undefined;
  /** Their manager settings, if they installed the assistant; after "forget me" while still a manager in the roster, only when they stopped reminders. */
  readonly managerSettings: Record<string, string | number | boolean | null> | undefined;
  /** Reminders about them (as a member of staff). */
  readonly nudgesAboutThem: readonly NudgeFacts[];
  /** Reminders sent to them (as a manager). */
  readonly nudgesToThem: readonly NudgeFacts[];
  /** Questions they sent to HR, with what they wrote and HR's reply. */
  readonly questionsToHr: readonly TicketFacts[];
}

export interface TicketFacts {
  readonly reference: string;
  readonly status: string;
  readonly question: string;
  readonly detail: string | null;
  readonly reply: string | null;
  readonly repliedBy: string | null;
  readonly heldBy: string | null;
  readonly followUp: string | null;
  readonly closeReason: string | null;
  readonly askedAt: string;
  readonly firstResponseAt: string | null;
  readonly closedAt: string | null;
}

type TicketQuery = UpdateQueryBuilder<Database, 'hr_ticket', 'hr_ticket', UpdateResult>;

/**
 * Blanks the text and identities of the tickets `which` selects (dates,
 * status and reason stay for the counts) and drops their unsent cards.
 */
async function blankTickets(trx: Transaction<Database>, which: (q: TicketQuery) => TicketQuery, at: string): Promise<number> {
  const ids = (await which(trx.updateTable('hr_ticket')).set({ updated_at: at }).where('question', '!=', '').returning('id').execute()).map((r) => r.id);
  if (ids.length === 0) return 0;
  await trx
    .updateTable('hr_ticket')
    .set({
      question: '',
      detail: null,
      reply: null,
      follow_up: null,
      asker_aad: null,
      asker_email: null,
      asker_name: FORGOTTEN,
      asker_reference: null,
    })
    .where('id', 'in', ids)
    .execute();
  await trx.deleteFrom('hr_delivery').where('ticket_id', 'in', ids).where('status', 'in', ['pending', 'claimed']).execute();
  return ids.length;
}

export class PrivacyStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Deletes what is older than `cutoff`: question-log rows, unanswered texts last asked before it, feedback comments. */
  async deleteQuestionsBefore(cutoff: Date): Promise<RetentionResult> {
    const at = cutoff.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const questions = await trx.deleteFrom('question_log').where('asked_at', '<', at).executeTakeFirst();
      const unanswered = await trx.deleteFrom('unanswered_question').where('last_asked_at', '<', at).executeTakeFirst();
      const comments = await trx
        .updateTable('feedback')
        .set({ comment: null })
        .where('created_at', '<', at)
        .where('comment', 'is not', null)
        .executeTakeFirst();
      const tickets = await blankTickets(trx, (q) => q.where('status', '=', 'closed').where('closed_at', '<', at), at);
      return {
        questions: Number(questions.numDeletedRows),
        unanswered: Number(unanswered.numDeletedRows),
        feedbackComments: Number(comments.numUpdatedRows),
        hrTickets: tickets,
      };
    });
  }

  /** Removes a manager's preferences, conversation reference and identifiable nudge history, in one transaction. */
  async forgetManager(email: string, now: Date): Promise<ForgetResult> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('manager').select('aad_object_id').where('email', '=', email).executeTakeFirst();
      const manager = await trx.deleteFrom('manager').where('email', '=', email).executeTakeFirst();
      // HR's roster still lists people they manage: remember the request, or the planner would plan their team again.
      const reports = await trx
        .selectFrom('person')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('manager_email', '=', email)
        .where('left_on', 'is', null)
        .executeTakeFirstOrThrow();
      const stopped = row !== undefined && Number(reports.n) > 0;
      if (stopped) {
        await trx
          .insertInto('reminders_stopped')
          .values({ email, aad_object_id: row.aad_object_id, stopped_at: at })
          .onConflict((oc) => oc.column('email').doUpdateSet({ aad_object_id: row.aad_object_id, stopped_at: at }))
          .execute();
      }
      const removed = await trx
        .deleteFrom('nudge')
        .where('manager_email', '=', email)
        .where('outcome', 'is', null)
        .where('status', 'in', ['pending', 'claimed', 'sent', 'parked'])
        .executeTakeFirst();
      // What stays is what the figures count: the kind, dates, status and outcome, with nobody named.
      const anonymised = await trx
        .updateTable('nudge')
        .set({
          manager_email: FORGOTTEN,
          employee_id: FORGOTTEN,
          activity_id: null,
          lease_owner: null,
          lease_expires_at: null,
          last_error: null,
          updated_at: at,
        })
        .where('manager_email', '=', email)
        .executeTakeFirst();
      return {
        manager: Number(manager.numDeletedRows) > 0,
        remindersStopped: stopped,
        nudgesAnonymised: Number(anonymised.numUpdatedRows),
        nudgesRemoved: Number(removed.numDeletedRows),
      };
    });
  }

  /** "Forget me" for questions to HR, found by Teams account or email: all blanked, open ones closed first. Returns how many. */
  async forgetTicketsOf(who: { aadObjectId: string | undefined; email: string | undefined }, now: Date): Promise<number> {
    const at = now.toISOString();
    const keys = [who.aadObjectId ? (['asker_aad', who.aadObjectId] as const) : undefined, who.email ? (['asker_email', who.email.toLowerCase()] as const) : undefined].filter((k) => k !== undefined);
    if (keys.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      const mine = (q: TicketQuery) => q.where((eb) => eb.or(keys.map(([column, value]) => eb(column, '=', value))));
      await mine(trx.updateTable('hr_ticket'))
        .set((eb) => ({ status: 'closed', close_reason: 'forgotten', closed_at: at, version: eb('version', '+', 1) }))
        .where('status', '!=', 'closed')
        .execute();
      return blankTickets(trx, mine, at);
    });
  }

  /** Everything held about one person, found by employee id or email (lower case). Never message text: none is linked to anyone. */
  async subjectAccess(emailOrId: string): Promise<SubjectAccessRecord | undefined> {
    const key = emailOrId.trim();
    const email = key.toLowerCase();
    const person = await this.db
      .selectFrom('person')
      .selectAll()
      .where((eb) => eb.or([eb('employee_id', '=', key), eb('email', '=', email)]))
      .executeTakeFirst();
    const managerEmail = person?.email ?? email;
    const manager = await this.db.selectFrom('manager').selectAll().where('email', '=', managerEmail).executeTakeFirst();
    const nudgesAboutThem = person ? await this.nudgeFacts('employee_id', person.employee_id) : [];
    const nudgesToThem = managerEmail.includes('@') ? await this.nudgeFacts('manager_email', managerEmail) : [];
    const stopped = await this.db.selectFrom('reminders_stopped').selectAll().where('email', '=', managerEmail).executeTakeFirst();
    const tickets = await this.ticketsAskedBy(managerEmail, manager?.aad_object_id ?? stopped?.aad_object_id ?? null);
    if (!person && !manager && !stopped && nudgesToThem.length === 0 && tickets.length === 0) return undefined;
    return {
      roster: person
        ? {
            employeeId: person.employee_id,
            displayName: person.display_name,
            email: person.email,
            managerEmail: person.manager_email || null,
            startDate: person.start_date,
            endDate: person.end_date,
            department: person.department,
            jobTitle: person.job_title,
            leftOn: person.left_on,
            lastWellbeingConversationOn: person.last_wellbeing_on,
            addedAt: person.created_at,
            updatedAt: person.updated_at,
          }
        : undefined,
      managerSettings: manager
        ? {
            email: manager.email,
            teamsUserId: manager.aad_object_id,
            teamsConversationStored: manager.conversation_reference !== null,
            reachable: Number(manager.reachable) === 1,
            unreachableSince: manager.unreachable_since,
            timeZone: manager.time_zone,
            workingDays: manager.days,
            workingHours: `${manager.start_time}-${manager.end_time}`,
            pausedUntil: manager.paused_until,
            cadenceWeeks: manager.cadence_weeks,
            digest: Number(manager.digest) === 1,
            updatedAt: manager.updated_at,
          }
        : stopped
          ? { email: stopped.email, teamsUserId: stopped.aad_object_id, remindersStoppedAt: stopped.stopped_at }
          : undefined,
      nudgesAboutThem,
      nudgesToThem,
      questionsToHr: tickets,
    };
  }

  /** Their own questions to HR, with the text (it is theirs), by email or Teams account. */
  private async ticketsAskedBy(email: string, aadObjectId: string | null): Promise<TicketFacts[]> {
    const rows = await this.db
      .selectFrom('hr_ticket')
      .selectAll()
      .where((eb) => eb.or([eb('asker_email', '=', email), ...(aadObjectId ? [eb('asker_aad', '=', aadObjectId)] : [])]))
      .where('question', '!=', '')
      .orderBy('created_at')
      .execute();
    return rows.map((t) => ({
      reference: ticketReference(Number(t.number)),
      status: t.status,
      question: t.question,
      detail: t.detail,
      reply: t.reply,
      repliedBy: t.replied_by,
      heldBy: t.assignee_name,
      followUp: t.follow_up,
      closeReason: t.close_reason,
      askedAt: t.created_at,
      firstResponseAt: t.first_response_at,
      closedAt: t.closed_at,
    }));
  }

  private async nudgeFacts(column: 'employee_id' | 'manager_email', value: string): Promise<NudgeFacts[]> {
    const rows = await this.db.selectFrom('nudge').selectAll().where(column, '=', value).orderBy('due_date').orderBy('id').execute();
    return rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      employeeId: n.employee_id,
      managerEmail: n.manager_email,
      stepId: n.step_id,
      dueDate: n.due_date,
      status: n.status,
      sentAt: n.sent_at,
      outcome: n.outcome,
      outcomeAt: n.outcome_at,
      heldOn: n.held_on,
      snoozedUntil: n.snoozed_until,
      skipReason: n.skip_reason,
    }));
  }
}
