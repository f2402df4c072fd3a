import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { NewNudge, NudgeOutcome, NudgeRow, NudgeStore } from '../store/nudge-store.js';
import type { Store } from '../store/store.js';
import type { HolidayCalendar } from './delivery-window.js';
import { sendAfterFor } from './plan-nudges.js';
import { cadenceWeeksFor, checkHeldDate, nextWellbeingAfter, snoozedUntil, todayFor, type Outcome } from './schedule.js';

export interface OutcomeDeps {
  readonly nudges: NudgeStore;
  readonly people: Pick<Store, 'getPerson'>;
  readonly clock: Clock;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks?: number;
}

export interface RecordedOutcome {
  readonly nudge: NudgeRow;
  /** Due date of the occurrence that follows, when there is one. */
  readonly nextDueDate: string | undefined;
  /** False when this nudge already had an outcome: nothing changed. */
  readonly changed: boolean;
}

/**
 * A manager marks a reminder held, snoozed or skipped. Only the manager it was
 * sent to may; the first answer stands; the next occurrence is scheduled in
 * the same transaction. Only dates and the choice are stored.
 */
export async function recordNudgeOutcome(deps: OutcomeDeps, managerEmail: string, nudgeId: string, outcome: Outcome): Promise<RecordedOutcome> {
  const nudge = await deps.nudges.getNudge(nudgeId);
  if (!nudge) throw new AppError('NOT_FOUND', 'that reminder no longer exists');
  if (nudge.manager_email !== managerEmail) throw new AppError('FORBIDDEN', "that reminder belongs to another manager's team");
  const now = deps.clock.now();
  const manager = await deps.nudges.getManager(managerEmail);
  // The manager's own date: at 00:30 in London in summer the UTC date is still yesterday.
  const today = todayFor(now, manager?.time_zone);
  const person = await deps.people.getPerson(nudge.employee_id);
  if (outcome.kind === 'held') {
    const problem = checkHeldDate(outcome.on, today, person?.startDate ?? '1900-01-01');
    if (problem) throw new AppError('VALIDATION', `date held ${problem}`);
  }
  const cadence = cadenceWeeksFor(manager?.cadence_weeks, deps.defaultCadenceWeeks);
  let nextDue: string | undefined;
  if (nudge.kind === 'wellbeing') nextDue = nextWellbeingAfter(outcome, today, cadence);
  else if (outcome.kind === 'snoozed') nextDue = nextWellbeingAfter(outcome, today, cadence);
  const next: NewNudge | undefined = nextDue
    ? { kind: nudge.kind, employeeId: nudge.employee_id, managerEmail, stepId: nudge.step_id ?? undefined, dueDate: nextDue, sendAfter: sendAfterFor(nextDue, manager, deps.holidays) }
    : undefined;
  const stored: NudgeOutcome =
    outcome.kind === 'held'
      ? { kind: 'held', on: outcome.on }
      : outcome.kind === 'snoozed'
        ? { kind: 'snoozed', until: snoozedUntil(today, outcome.for) }
        : { kind: 'skipped', reason: outcome.reason };
  const result = await deps.nudges.recordOutcome(nudgeId, managerEmail, stored, next, now);
  if (result.status === 'not-found') throw new AppError('NOT_FOUND', 'that reminder no longer exists');
  if (result.status === 'not-yours') throw new AppError('FORBIDDEN', "that reminder belongs to another manager's team");
  return { nudge: result.nudge, nextDueDate: result.status === 'recorded' ? nextDue : undefined, changed: result.status === 'recorded' };
}
