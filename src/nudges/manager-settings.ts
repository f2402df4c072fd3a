import { DateTime, IANAZone } from 'luxon';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { ManagerPreferences, ManagerRow, NudgeStore, PendingNudge, Reschedule } from '../store/nudge-store.js';
import { workingDayOnOrAfter, type HolidayCalendar } from './delivery-window.js';
import { firstRoundStart, isFirstRound, spreadFirstRound } from './first-round.js';
import { preferencesOf, windowFor } from './manager-window.js';
import { sendAfterFor } from './plan-nudges.js';
import { addDays, cadenceWeeksFor, DEFAULT_CADENCE_WEEKS, todayFor, wellbeingDueDate } from './schedule.js';

/**
 * A manager's own reminder settings: cadence, working days and hours, time
 * zone, a pause for leave, and digest or one card per reminder. Saving them
 * moves every reminder not yet sent to the new rules straight away.
 */
export interface SettingsDeps {
  readonly nudges: NudgeStore;
  readonly clock: Clock;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks?: number;
}

/** nextDeliveryTime looks about a year ahead, so a pause may not run longer than that. */
export const MAX_PAUSE_DAYS = 365;

export { preferencesOf };

/** Problems with preferences that only the clock or the time zone data can judge, in plain English. */
export function checkPreferences(prefs: ManagerPreferences, now: Date): string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(prefs.timeZone)) problems.push(`Time zone: "${prefs.timeZone}" is not a time zone I know. Use a name such as Europe/London.`);
  if (prefs.pausedUntil) {
    const today = todayFor(now, prefs.timeZone);
    if (prefs.pausedUntil < today) problems.push('Pause until: that date has already passed. Choose today or a later date, or leave it empty.');
    else if (prefs.pausedUntil > addDays(today, MAX_PAUSE_DAYS)) problems.push('Pause until: choose a date within the next year.');
  }
  return problems;
}

/**
 * Where each reminder not yet sent belongs under the manager's saved
 * settings. A wellbeing reminder is due a cadence after the last conversation
 * held (or the start date), or a cadence after a skip; a date the manager
 * chose by snoozing stays; a first-round reminder (nothing recorded yet, long
 * due) is spread again over the cadence from today; an onboarding check-in
 * moves to the next working day if the manager no longer works its day. Every reminder then goes at the first moment of the
 * new window on or after its due date (and not before now). One waiting to retry after a failed send keeps
 * its later retry time. Only reminders that move are returned.
 */
export function replanPending(
  manager: ManagerRow,
  pending: readonly PendingNudge[],
  now: Date,
  holidays: HolidayCalendar,
  defaultCadenceWeeks = DEFAULT_CADENCE_WEEKS,
): Reschedule[] {
  const cadence = cadenceWeeksFor(manager.cadence_weeks, defaultCadenceWeeks);
  const window = windowFor(manager);
  const start = firstRoundStart(now, window, holidays);
  const today = todayFor(now, window.timeZone);
  const dueDates = new Map<string, string>();
  const firstRound: PendingNudge[] = [];
  for (const n of pending) {
    let dueDate = n.due_date;
    if (n.kind === 'wellbeing') {
      if (!n.previous || n.previous.outcome === 'held') dueDate = wellbeingDueDate(n.last_wellbeing_on, n.start_date, cadence);
      else if (n.previous.outcome === 'skipped') dueDate = addDays(n.previous.outcome_at.slice(0, 10), cadence * 7);
      if (!n.previous && isFirstRound(n.last_wellbeing_on, dueDate, today)) {
        firstRound.push(n);
        continue;
      }
    } else {
      // An onboarding check-in stays on its day unless the manager no longer works that day.
      dueDate = workingDayOnOrAfter(dueDate, window, holidays);
    }
    dueDates.set(n.id, dueDate);
  }
  // The first round is spread again from today over the (new) cadence and working days, in the same order.
  const busy = new Map<string, number>();
  for (const d of dueDates.values()) busy.set(d, (busy.get(d) ?? 0) + 1);
  const spread = spreadFirstRound({ employeeIds: firstRound.map((n) => n.employee_id), start, cadenceWeeks: cadence, window, holidays, busy });
  for (const n of firstRound) dueDates.set(n.id, spread.get(n.employee_id)!);
  const out: Reschedule[] = [];
  for (const n of pending) {
    const dueDate = dueDates.get(n.id)!;
    // A due date the new settings put in the past goes at the next opening of the window, not at once.
    let sendAfter = sendAfterFor(dueDate, manager, holidays, now);
    if (n.attempts > 0 && Date.parse(n.send_after) > sendAfter.getTime()) sendAfter = new Date(n.send_after);
    if (dueDate !== n.due_date || sendAfter.toISOString() !== n.send_after) out.push({ id: n.id, dueDate, sendAfter });
  }
  return out;
}

export interface SavedSettings {
  readonly manager: ManagerRow;
  /** Reminders moved to new dates or times. */
  readonly rescheduled: number;
}

/** Saves a manager's settings (checked first) and re-plans their reminders not yet sent, in one transaction. */
export async function saveManagerSettings(deps: SettingsDeps, managerEmail: string, prefs: ManagerPreferences): Promise<SavedSettings> {
  const now = deps.clock.now();
  const problems = checkPreferences(prefs, now);
  if (problems.length) throw new AppError('VALIDATION', 'the settings were not saved', problems);
  const defaultCadence = deps.defaultCadenceWeeks ?? DEFAULT_CADENCE_WEEKS;
  // The trust default is stored as "no choice", so a later change of the default reaches this manager too.
  const cadenceWeeks = prefs.cadenceWeeks === defaultCadence ? undefined : prefs.cadenceWeeks;
  const saved = await deps.nudges.saveManagerPreferences(
    managerEmail,
    { ...prefs, cadenceWeeks },
    (manager, pending) => replanPending(manager, pending, now, deps.holidays, defaultCadence),
    now,
  );
  if (!saved) throw new AppError('NOT_FOUND', 'no settings are stored for you yet');
  return saved;
}

/**
 * A manager installs the assistant: how to reach them is stored (their
 * reminders parked meanwhile are unparked), and their reminders not yet sent
 * are re-planned, so a first round that waited for them starts from today,
 * a few a day, not all at once.
 */
export async function welcomeManager(deps: SettingsDeps, m: { email: string; aadObjectId: string | undefined; reference: unknown }): Promise<void> {
  const now = deps.clock.now();
  await deps.nudges.saveManagerReference({ ...m, now });
  const defaultCadence = deps.defaultCadenceWeeks ?? DEFAULT_CADENCE_WEEKS;
  await deps.nudges.replanNudges(m.email, (manager, pending) => replanPending(manager, pending, now, deps.holidays, defaultCadence), now);
}

/** "I'm on leave until ...": no reminders up to and including that date. */
export async function pauseReminders(deps: SettingsDeps, manager: ManagerRow, until: string): Promise<SavedSettings> {
  return saveManagerSettings(deps, manager.email, { ...preferencesOf(manager), pausedUntil: until });
}

export async function resumeReminders(deps: SettingsDeps, manager: ManagerRow): Promise<SavedSettings> {
  return saveManagerSettings(deps, manager.email, { ...preferencesOf(manager), pausedUntil: undefined });
}

const FORMATS = [
  'yyyy-MM-dd',
  'd MMMM yyyy',
  'd MMM yyyy',
  'MMMM d yyyy',
  'MMM d yyyy',
  'd/M/yyyy',
  'd/M/yy',
  'd MMMM',
  'd MMM',
  'MMMM d',
  'MMM d',
  'd/M',
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * A date as managers write it ("4 December", "4th Dec 2026", "2026-12-04",
 * "04/12/2026" in UK order, "tomorrow", "Friday") as YYYY-MM-DD. Without a
 * year it is the next such date from today. Undefined when it is not a date.
 */
export function parseDateText(text: string, today: string): string | undefined {
  const cleaned = text
    .toLowerCase()
    .replace(/[.,!]+$/g, '')
    .replace(/,/g, ' ')
    .replace(/\b(the|of)\b/g, ' ')
    .replace(/(\d+)(st|nd|rd|th)\b/g, '$1')
    .replace(/^(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\s+(?=\d)/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const base = DateTime.fromISO(today, { zone: 'UTC' });
  if (cleaned === 'today') return today;
  if (cleaned === 'tomorrow') return base.plus({ days: 1 }).toISODate()!;
  const weekday = WEEKDAYS.indexOf(cleaned.replace(/^(next|this) /, ''));
  if (weekday >= 0) {
    const ahead = (weekday + 1 - base.weekday + 7) % 7 || 7;
    return base.plus({ days: ahead }).toISODate()!;
  }
  for (const format of FORMATS) {
    const d = DateTime.fromFormat(cleaned, format, { zone: 'UTC', locale: 'en-GB' });
    if (!d.isValid) continue;
    const hasYear = format.includes('y');
    // Without a year, the manager means the next one: "4 January" said in December is next year.
    const date = !hasYear && d.set({ year: base.year }) < base ? d.set({ year: base.year + 1 }) : hasYear ? d : d.set({ year: base.year });
    return date.toISODate()!;
  }
  return undefined;
}

/** A working window with no closed hours (midnight to midnight, every day): the local demo and the delivery tests. */
export const ALWAYS_OPEN: ManagerPreferences = Object.freeze({
  timeZone: 'Europe/London',
  days: [1, 2, 3, 4, 5, 6, 7],
  startTime: '00:00',
  endTime: '00:00',
  pausedUntil: undefined,
  cadenceWeeks: undefined,
  digest: true,
});
