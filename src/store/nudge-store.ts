import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ManagerTable, NudgeTable, PersonTable } from './schema.js';

/**
 * Nudges and the managers they go to. Every change of state is one guarded
 * UPDATE, so two instances sharing PostgreSQL never both own a nudge.
 */
export type NudgeRow = Selectable<NudgeTable>;
export type ManagerRow = Selectable<ManagerTable>;

export interface NewNudge {
  readonly kind: 'wellbeing' | 'onboarding';
  readonly employeeId: string;
  readonly managerEmail: string;
  readonly stepId: string | undefined;
  readonly dueDate: string;
  readonly sendAfter: Date;
}

export interface ClaimedNudge extends NudgeRow {
  readonly display_name: string;
  readonly person_email: string | null;
  readonly last_wellbeing_on: string | null;
  readonly conversation_reference: string | null;
  readonly reachable: number;
  readonly aad_object_id: string | null;
  /** The manager's digest preference (null when the manager is not known: digest, the default). */
  readonly digest: number | null;
  /** The manager's delivery window (null when the manager is not known). */
  readonly time_zone: string | null;
  readonly days: string | null;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly paused_until: string | null;
}

/** A due nudge with its manager's reachability and delivery window (null columns: the manager is not known). */
export interface DueNudge extends NudgeRow {
  /** Installed and not marked unreachable; a dispatch parks the nudge otherwise. */
  readonly canReach: boolean;
  readonly time_zone: string | null;
  readonly days: string | null;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly paused_until: string | null;
}

/** What a manager chooses on the settings card; written to their row as one change. */
export interface ManagerPreferences {
  readonly timeZone: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  readonly days: readonly number[];
  readonly startTime: string;
  readonly endTime: string;
  readonly pausedUntil: string | undefined;
  /** Undefined follows the trust default. */
  readonly cadenceWeeks: number | undefined;
  readonly digest: boolean;
}

/** A nudge not yet sent, with what re-planning needs: the person's dates and the previous wellbeing outcome. */
export interface PendingNudge extends NudgeRow {
  readonly start_date: string;
  readonly last_wellbeing_on: string | null;
  readonly previous: { readonly outcome: 'held' | 'snoozed' | 'skipped'; readonly outcome_at: string } | undefined;
}

export interface Reschedule {
  readonly id: string;
  readonly dueDate: string;
  readonly sendAfter: Date;
}

export interface PlanningPerson {
  readonly employee_id: string;
  readonly manager_email: string;
  readonly start_date: string;
  readonly last_wellbeing_on: string | null;
}

export type NudgeOutcome =
  | { readonly kind: 'held'; readonly on: string }
  | { readonly kind: 'snoozed'; readonly until: string }
  | { readonly kind: 'skipped'; readonly reason: string };

export type OutcomeResult =
  | { readonly status: 'recorded'; readonly nudge: NudgeRow }
  | { readonly status: 'already'; readonly nudge: NudgeRow }
  | { readonly status: 'not-yours' }
  | { readonly status: 'not-found' };

/** How a person with no line manager in the roster (the top of a hierarchy) is stored: no nudges are planned about them. */
export const NO_MANAGER = '';

/** A manager who said "forget me" while still managing people in the roster. */
export interface StoppedManager {
  readonly email: string;
  readonly stoppedAt: string;
}

export const DEFAULT_MANAGER = Object.freeze({
  time_zone: 'Europe/London',
  days: '1,2,3,4,5',
  start_time: '09:00',
  end_time: '17:00',
  digest: 1,
});

export class NudgeStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: 'sqlite' | 'postgres',
  ) {}

  /** On install: remember how to reach the manager, keeping their preferences. */
  async saveManagerReference(m: { email: string; aadObjectId: string | undefined; reference: unknown; now: Date }): Promise<void> {
    const now = m.now.toISOString();
    const reference = JSON.stringify(m.reference);
    await this.db
      .insertInto('manager')
      .values({ email: m.email, aad_object_id: m.aadObjectId ?? null, conversation_reference: reference, reachable: 1, unreachable_since: null, paused_until: null, cadence_weeks: null, updated_at: now, ...DEFAULT_MANAGER })
      .onConflict((oc) =>
        oc.column('email').doUpdateSet({ aad_object_id: m.aadObjectId ?? null, conversation_reference: reference, reachable: 1, unreachable_since: null, updated_at: now }),
      )
      .execute();
    // A manager back in reach gets their parked nudges again.
    await this.db
      .updateTable('nudge')
      .set({ status: 'pending', last_error: null, updated_at: now })
      .where('manager_email', '=', m.email)
      .where('status', '=', 'parked')
      .execute();
  }

  async getManager(email: string): Promise<ManagerRow | undefined> {
    return this.db.selectFrom('manager').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async managerByAadObjectId(aadObjectId: string): Promise<ManagerRow | undefined> {
    return this.db.selectFrom('manager').selectAll().where('aad_object_id', '=', aadObjectId).executeTakeFirst();
  }

  /**
   * Saves a manager's preferences and, in the same transaction, moves their
   * nudges not yet sent to the dates and times `replan` gives. A nudge claimed
   * meanwhile by a dispatcher is left alone (the update is guarded on status).
   */
  async saveManagerPreferences(
    email: string,
    prefs: ManagerPreferences,
    replan: (manager: ManagerRow, pending: readonly PendingNudge[]) => readonly Reschedule[],
    now: Date,
  ): Promise<{ manager: ManagerRow; rescheduled: number } | undefined> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('manager')
        .set({
          time_zone: prefs.timeZone,
          days: prefs.days.join(','),
          start_time: prefs.startTime,
          end_time: prefs.endTime,
          paused_until: prefs.pausedUntil ?? null,
          cadence_weeks: prefs.cadenceWeeks ?? null,
          digest: prefs.digest ? 1 : 0,
          updated_at: at,
        })
        .where('email', '=', email)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return undefined;
      const manager = await trx.selectFrom('manager').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
      const rescheduled = await replanIn(trx, manager, replan, at);
      return { manager, rescheduled };
    });
  }

  /**
   * Moves a manager's nudges not yet sent to the dates and times `replan`
   * gives, in one transaction (on install: a first round that waited, parked,
   * is spread again from that day). Undefined when the manager is not known.
   */
  async replanNudges(
    email: string,
    replan: (manager: ManagerRow, pending: readonly PendingNudge[]) => readonly Reschedule[],
    now: Date,
  ): Promise<number | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const manager = await trx.selectFrom('manager').selectAll().where('email', '=', email).executeTakeFirst();
      return manager ? replanIn(trx, manager, replan, now.toISOString()) : undefined;
    });
  }

  /** Open reminders a manager has due on each date in [from, to]: what a day's digest already holds. */
  async openNudgesByDay(managerEmail: string, from: string, to: string): Promise<Map<string, number>> {
    const rows = await this.db
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
  }

  /** The "forget me" record of a manager who asked for no reminders, found by their Teams account or email. */
  async stoppedManager(by: { aadObjectId?: string | undefined; email?: string | undefined }): Promise<StoppedManager | undefined> {
    if (!by.aadObjectId && !by.email) return undefined;
    const row = await this.db
      .selectFrom('reminders_stopped')
      .selectAll()
      .where((eb) => eb.or([...(by.aadObjectId ? [eb('aad_object_id', '=', by.aadObjectId)] : []), ...(by.email ? [eb('email', '=', by.email.toLowerCase())] : [])]))
      .executeTakeFirst();
    return row ? { email: row.email, stoppedAt: row.stopped_at } : undefined;
  }

  /** "Start reminders" after "forget me": the stop is lifted and the manager stored again with this conversation, in one transaction. */
  async restartReminders(m: { email: string; aadObjectId: string | undefined; reference: unknown; now: Date }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('reminders_stopped').where('email', '=', m.email).execute();
      await new NudgeStore(trx, this.engine).saveManagerReference(m);
    });
  }

  /** Nudges that went out on one card (a digest holds several). */
  async nudgesOnCard(activityId: string): Promise<(NudgeRow & { display_name: string; person_email: string | null; last_wellbeing_on: string | null })[]> {
    return this.db
      .selectFrom('nudge as n')
      .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
      .selectAll('n')
      .select(['p.display_name', 'p.email as person_email', 'p.last_wellbeing_on'])
      .where('n.activity_id', '=', activityId)
      .orderBy('n.due_date')
      .execute();
  }

  /** 403/404 on send, or uninstall: stop trying and park everything queued for them. */
  async markManagerUnreachable(email: string, reason: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.updateTable('manager').set({ reachable: 0, unreachable_since: at, updated_at: at }).where('email', '=', email).execute();
    await this.db
      .updateTable('nudge')
      .set({ status: 'parked', last_error: reason, lease_owner: null, lease_expires_at: null, updated_at: at })
      .where('manager_email', '=', email)
      .where('status', 'in', ['pending', 'claimed'])
      .execute();
  }

  /** People still in post whose manager has no open wellbeing nudge for them, a page at a time. */
  /**
   * People in post with no open wellbeing nudge. A nudge that failed for good
   * after `failedSince` still counts as open, so a manager whose Teams keeps
   * failing gets a fresh attempt a day, not a new nudge every planning pass.
   */
  async peopleWithoutOpenWellbeing(afterEmployeeId: string, limit: number, failedSince: Date): Promise<PlanningPerson[]> {
    const since = failedSince.toISOString();
    return this.db
      .selectFrom('person as p')
      .select(['p.employee_id', 'p.manager_email', 'p.start_date', 'p.last_wellbeing_on'])
      .where('p.left_on', 'is', null)
      .where('p.employee_id', '>', afterEmployeeId)
      .where('p.manager_email', '!=', NO_MANAGER)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('reminders_stopped as s').select('s.email').whereRef('s.email', '=', 'p.manager_email'))))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('nudge as n')
              .select('n.id')
              .whereRef('n.employee_id', '=', 'p.employee_id')
              .where('n.kind', '=', 'wellbeing')
              .where('n.outcome', 'is', null)
              .where((w) =>
                w.or([
                  w('n.status', 'not in', ['cancelled', 'failed']),
                  w.and([w('n.status', '=', 'failed'), w('n.updated_at', '>', since)]),
                ]),
              ),
          ),
        ),
      )
      .orderBy('p.employee_id')
      .limit(limit)
      .execute();
  }

  /** New starters (start date in [from, to]) who have no onboarding nudges yet. */
  async newStartersWithoutOnboarding(from: string, to: string, limit: number): Promise<PlanningPerson[]> {
    return this.db
      .selectFrom('person as p')
      .select(['p.employee_id', 'p.manager_email', 'p.start_date', 'p.last_wellbeing_on'])
      .where('p.left_on', 'is', null)
      .where('p.start_date', '>=', from)
      .where('p.start_date', '<=', to)
      .where('p.manager_email', '!=', NO_MANAGER)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('reminders_stopped as s').select('s.email').whereRef('s.email', '=', 'p.manager_email'))))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('nudge as n').select('n.id').whereRef('n.employee_id', '=', 'p.employee_id').where('n.kind', '=', 'onboarding'))),
      )
      .orderBy('p.employee_id')
      .limit(limit)
      .execute();
  }

  /** Creates nudges; ones that already exist (same person and step, or an open wellbeing one) are left alone. */
  async createNudges(nudges: readonly NewNudge[], now: Date): Promise<number> {
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
      const result = await this.db.insertInto('nudge').values(rows).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      created += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return created;
  }

  /**
   * Claims up to `limit` nudges that are due (or whose lease ran out) for `owner`
   * until `leaseUntil`. On PostgreSQL rows locked by another instance are skipped.
   */
  async claimDue(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNudge[]> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const due = () => {
        let q = trx
          .selectFrom('nudge')
          .select(['id', 'manager_email'])
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'pending'), eb('send_after', '<=', at)]),
              eb.and([eb('status', '=', 'claimed'), eb('lease_expires_at', '<', at)]),
            ]),
          );
        // Two instances on PostgreSQL pass over each other's rows instead of waiting on them.
        if (this.engine === 'postgres') q = q.forUpdate().skipLocked();
        return q;
      };
      // By manager, so that a manager's due reminders share a claim and go on one digest card
      // (every due reminder goes out in the same pass, so the order does not delay anyone for long).
      const picked = await due().orderBy('manager_email').orderBy('send_after').limit(limit).execute();
      if (picked.length === 0) return [];
      // The last manager may have more due than the limit left room for: claim theirs too.
      const last = picked[picked.length - 1]!.manager_email;
      const rest = picked.length === limit ? await due().where('manager_email', '=', last).execute() : [];
      const ids = [...new Set([...picked, ...rest].map((r) => r.id))];
      await trx
        .updateTable('nudge')
        .set({ status: 'claimed', lease_owner: owner, lease_expires_at: leaseUntil.toISOString(), updated_at: at })
        .where('id', 'in', ids)
        .execute();
      return (await trx
        .selectFrom('nudge as n')
        .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
        .leftJoin('manager as m', 'm.email', 'n.manager_email')
        .selectAll('n')
        .select(['p.display_name', 'p.email as person_email', 'p.last_wellbeing_on', 'm.conversation_reference', 'm.reachable', 'm.aad_object_id', 'm.digest', 'm.time_zone', 'm.days', 'm.start_time', 'm.end_time', 'm.paused_until'])
        .where('n.id', 'in', ids)
        .where('n.lease_owner', '=', owner)
        .execute()) as unknown as ClaimedNudge[];
    });
  }

  /** Marks sent, only if `owner` still holds the lease (a late instance cannot overwrite another's work). */
  async markSent(ids: readonly string[], owner: string, activityId: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db
      .updateTable('nudge')
      .set({ status: 'sent', sent_at: at, activity_id: activityId, lease_owner: null, lease_expires_at: null, last_error: null, updated_at: at })
      .where('id', 'in', ids)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Puts claimed nudges back to wait until `retryAt` (429, transient errors), counting the attempt. */
  async markRetry(ids: readonly string[], owner: string, retryAt: Date, error: string, now: Date): Promise<void> {
    await this.db
      .updateTable('nudge')
      .set((eb) => ({
        status: 'pending',
        send_after: retryAt.toISOString(),
        attempts: eb('attempts', '+', 1),
        last_error: error,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: now.toISOString(),
      }))
      .where('id', 'in', ids)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Hands claimed nudges back unsent (no attempt counted), due again at once. */
  /** Hands claimed nudges back unsent, with no attempt counted; `sendAfter` moves them later (outside working hours). */
  async release(ids: readonly string[], owner: string, now: Date, sendAfter?: Date): Promise<void> {
    await this.db
      .updateTable('nudge')
      .set({ status: 'pending', lease_owner: null, lease_expires_at: null, updated_at: now.toISOString(), ...(sendAfter ? { send_after: sendAfter.toISOString() } : {}) })
      .where('id', 'in', ids)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async markEnded(ids: readonly string[], owner: string, status: 'parked' | 'failed', error: string, now: Date): Promise<void> {
    await this.db
      .updateTable('nudge')
      .set({ status, last_error: error, lease_owner: null, lease_expires_at: null, updated_at: now.toISOString() })
      .where('id', 'in', ids)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async getNudge(id: string): Promise<NudgeRow | undefined> {
    return this.db.selectFrom('nudge').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Records what the manager chose, once: a second click finds the outcome
   * already set and changes nothing. `next` is the following occurrence.
   */
  async recordOutcome(id: string, managerEmail: string, outcome: NudgeOutcome, next: NewNudge | undefined, now: Date): Promise<OutcomeResult> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const nudge = await trx.selectFrom('nudge').selectAll().where('id', '=', id).executeTakeFirst();
      if (!nudge) return { status: 'not-found' };
      if (nudge.manager_email !== managerEmail) return { status: 'not-yours' };
      if (nudge.outcome !== null) return { status: 'already', nudge };
      const changed = await trx
        .updateTable('nudge')
        .set({
          status: 'done',
          outcome: outcome.kind,
          outcome_at: at,
          held_on: outcome.kind === 'held' ? outcome.on : null,
          snoozed_until: outcome.kind === 'snoozed' ? outcome.until : null,
          skip_reason: outcome.kind === 'skipped' ? outcome.reason : null,
          lease_owner: null,
          lease_expires_at: null,
          updated_at: at,
        })
        .where('id', '=', id)
        .where('outcome', 'is', null)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) {
        return { status: 'already', nudge: (await trx.selectFrom('nudge').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) };
      }
      if (outcome.kind === 'held' && nudge.kind === 'wellbeing') {
        await trx.updateTable('person').set({ last_wellbeing_on: outcome.on, updated_at: at }).where('employee_id', '=', nudge.employee_id).execute();
      }
      if (next) await new NudgeStore(trx, this.engine).createNudges([next], now);
      return { status: 'recorded', nudge: await trx.selectFrom('nudge').selectAll().where('id', '=', id).executeTakeFirstOrThrow() };
    });
  }

  /** What a dispatch at `at` would send (read only: nothing is claimed). */
  async dueAt(at: Date, limit: number): Promise<NudgeRow[]> {
    const iso = at.toISOString();
    return this.db
      .selectFrom('nudge')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('send_after', '<=', iso)]),
          eb.and([eb('status', '=', 'claimed'), eb('lease_expires_at', '<', iso)]),
        ]),
      )
      .orderBy('send_after')
      .limit(limit)
      .execute();
  }

  /** As dueAt, with what a dispatch checks before sending: whether the manager can be reached, and their window. */
  async dueWithManagerAt(at: Date, limit: number): Promise<DueNudge[]> {
    const iso = at.toISOString();
    const rows = await this.db
      .selectFrom('nudge as n')
      .leftJoin('manager as m', 'm.email', 'n.manager_email')
      .selectAll('n')
      .select(['m.conversation_reference', 'm.reachable', 'm.time_zone', 'm.days', 'm.start_time', 'm.end_time', 'm.paused_until'])
      .where((eb) =>
        eb.or([
          eb.and([eb('n.status', '=', 'pending'), eb('n.send_after', '<=', iso)]),
          eb.and([eb('n.status', '=', 'claimed'), eb('n.lease_expires_at', '<', iso)]),
        ]),
      )
      .orderBy('n.send_after')
      .limit(limit)
      .execute();
    return rows.map(({ conversation_reference, reachable, ...n }) => ({ ...n, canReach: !!conversation_reference && reachable === 1 }) as DueNudge);
  }

  /** Takes people out entirely (their roster rows and every nudge about them), for demo data; returns how many people went. */
  async removePeople(employeeIds: readonly string[]): Promise<number> {
    if (employeeIds.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('nudge').where('employee_id', 'in', [...employeeIds]).execute();
      const gone = await trx.deleteFrom('person').where('employee_id', 'in', [...employeeIds]).executeTakeFirst();
      return Number(gone.numDeletedRows);
    });
  }

  /** What is coming up for a manager: open nudges, soonest first. */
  async upcomingFor(managerEmail: string, limit: number): Promise<(NudgeRow & { display_name: string })[]> {
    return this.db
      .selectFrom('nudge as n')
      .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
      .selectAll('n')
      .select('p.display_name')
      .where('n.manager_email', '=', managerEmail)
      .where('n.outcome', 'is', null)
      .where('n.status', 'in', ['pending', 'claimed', 'sent', 'parked'])
      .orderBy('n.due_date')
      .limit(limit)
      .execute();
  }

  /** Every nudge's delivery state, and why it failed or was parked (the delivery-guarantee checks read this). */
  async deliveryStates(): Promise<Pick<NudgeRow, 'id' | 'manager_email' | 'status' | 'last_error' | 'lease_owner' | 'attempts'>[]> {
    return this.db.selectFrom('nudge').select(['id', 'manager_email', 'status', 'last_error', 'lease_owner', 'attempts']).execute();
  }

  /** Managers a proactive message can reach now (installed, not blocked). */
  async reachableManagers(): Promise<{ email: string; conversation_reference: string }[]> {
    const rows = await this.db
      .selectFrom('manager')
      .select(['email', 'conversation_reference'])
      .where('reachable', '=', 1)
      .where('conversation_reference', 'is not', null)
      .orderBy('email')
      .execute();
    return rows.map((r) => ({ email: r.email, conversation_reference: r.conversation_reference! }));
  }

  /** A manager's reports still in post, with their open wellbeing nudges and all their onboarding nudges. */
  async teamOf(managerEmail: string): Promise<{ people: Selectable<PersonTable>[]; nudges: NudgeRow[] }> {
    const people = await this.db
      .selectFrom('person')
      .selectAll()
      .where('manager_email', '=', managerEmail)
      .where('left_on', 'is', null)
      .orderBy('display_name')
      .orderBy('employee_id')
      .execute();
    if (people.length === 0) return { people, nudges: [] };
    const nudges = await this.db
      .selectFrom('nudge')
      .selectAll()
      .where('employee_id', 'in', people.map((p) => p.employee_id))
      .where((eb) =>
        eb.or([
          eb('kind', '=', 'onboarding'),
          eb.and([eb('kind', '=', 'wellbeing'), eb('outcome', 'is', null), eb('status', 'not in', ['cancelled', 'failed'])]),
        ]),
      )
      .orderBy('due_date')
      .execute();
    return { people, nudges };
  }

  /** The one open wellbeing nudge for a person, if planned. */
  async openWellbeingNudge(employeeId: string): Promise<NudgeRow | undefined> {
    return this.db
      .selectFrom('nudge')
      .selectAll()
      .where('employee_id', '=', employeeId)
      .where('kind', '=', 'wellbeing')
      .where('outcome', 'is', null)
      .where('status', 'not in', ['cancelled', 'failed'])
      .orderBy('due_date')
      .executeTakeFirst();
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('nudge').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}

/** A manager's nudges not yet sent, with what re-planning needs, moved where `replan` says (guarded on status). */
async function replanIn(
  trx: Kysely<Database>,
  manager: ManagerRow,
  replan: (manager: ManagerRow, pending: readonly PendingNudge[]) => readonly Reschedule[],
  at: string,
): Promise<number> {
  const pending = await trx
    .selectFrom('nudge as n')
    .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
    .selectAll('n')
    .select(['p.start_date', 'p.last_wellbeing_on'])
    .where('n.manager_email', '=', manager.email)
    .where('n.status', '=', 'pending')
    .where('n.outcome', 'is', null)
    .execute();
  const people = [...new Set(pending.filter((n) => n.kind === 'wellbeing').map((n) => n.employee_id))];
  const previous = new Map<string, PendingNudge['previous']>();
  for (let i = 0; i < people.length; i += 500) {
    const closed = await trx
      .selectFrom('nudge')
      .select(['employee_id', 'outcome', 'outcome_at'])
      .where('kind', '=', 'wellbeing')
      .where('employee_id', 'in', people.slice(i, i + 500))
      .where('outcome', 'is not', null)
      .orderBy('outcome_at', 'desc')
      .execute();
    for (const c of closed) if (!previous.has(c.employee_id)) previous.set(c.employee_id, { outcome: c.outcome!, outcome_at: c.outcome_at! });
  }
  const changes = replan(manager, pending.map((n) => ({ ...n, previous: n.kind === 'wellbeing' ? previous.get(n.employee_id) : undefined })));
  let rescheduled = 0;
  for (const c of changes) {
    const r = await trx
      .updateTable('nudge')
      .set({ due_date: c.dueDate, send_after: c.sendAfter.toISOString(), updated_at: at })
      .where('id', '=', c.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    rescheduled += Number(r.numUpdatedRows);
  }
  return rescheduled;
}
