import type { Clock } from '../clock.js';
import { DEFAULT_WINDOW, type Manager } from '../domain/manager.js';
import type { NewNudge, Nudge, NudgeOutcome, OutcomeResult } from '../domain/nudge.js';
import type { Person } from '../domain/people.js';
import { AppError } from '../errors.js';
import type { HolidayCalendar } from './delivery-window.js';
import { sendAfterFor } from './plan-nudges.js';
import { cadenceWeeksFor, checkHeldDate, nextWellbeingAfter, snoozedUntil, todayFor, type Outcome } from './schedule.js';

/** What recording an outcome needs from the store. */
export interface OutcomeStore {
  getNudge(id: string): Promise<Nudge | undefined>;
  getManager(email: string): Promise<Manager | undefined>;
  /** Sets the outcome once (a second answer finds it set) and creates `next` in the same transaction. */
  recordOutcome(id: string, managerEmail: string, outcome: NudgeOutcome, next: NewNudge | undefined, now: Date): Promise<OutcomeResult>;
}

export interface OutcomeDeps {
  readonly nudges: OutcomeStore;
  readonly people: { getPerson(employeeId: string): Promise<Pick<Person, 'startDate'> | undefined> };
  readonly clock: Clock;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks?: number;
}

export interface RecordedOutcome {
  readonly nudge: Nudge;
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
  if (nudge.managerEmail !== managerEmail) throw new AppError('FORBIDDEN', "that reminder belongs to another manager's team");
  const now = deps.clock.now();
  const manager = await deps.nudges.getManager(managerEmail);
  const window = manager?.window ?? DEFAULT_WINDOW;
  // The manager's own date: at 00:30 in London in summer the UTC date is still yesterday.
  const today = todayFor(now, window.timeZone);
  const person = await deps.people.getPerson(nudge.employeeId);
  if (outcome.kind === 'held') {
    const problem = checkHeldDate(outcome.on, today, person?.startDate ?? '1900-01-01');
    if (problem) throw new AppError('VALIDATION', `date held ${problem}`);
  }
  const cadence = cadenceWeeksFor(manager?.cadenceWeeks, deps.defaultCadenceWeeks);
  // A wellbeing nudge always has a next occurrence (unless the report left); an onboarding step only comes back when snoozed.
  const nextDue = nudge.kind === 'wellbeing' || outcome.kind === 'snoozed' ? nextWellbeingAfter(outcome, today, cadence) : undefined;
  const next: NewNudge | undefined = nextDue
    ? { kind: nudge.kind, employeeId: nudge.employeeId, managerEmail, stepId: nudge.stepId, dueDate: nextDue, sendAfter: sendAfterFor(nextDue, window, deps.holidays) }
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
