import { DateTime, IANAZone } from 'luxon';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Manager, ManagerSettings } from '../domain/manager.js';
import type { PendingNudge, Reschedule } from '../domain/nudge.js';
import { workingDayOnOrAfter, type HolidayCalendar } from './delivery-window.js';
import { firstRoundStart, isFirstRound, spreadFirstRound } from './first-round.js';
import { sendAfterFor } from './plan-nudges.js';
import { addDays, cadenceWeeksFor, DEFAULT_CADENCE_WEEKS, todayFor, wellbeingDueDate } from './schedule.js';

/**
 * A manager's own reminder settings: cadence, working days and hours, time
 * zone, a pause for leave, and digest or one card per reminder. Saving them
 * moves every reminder not yet sent to the new rules straight away.
 */
/** Given a manager and their nudges not yet sent, where each belongs now. */
export type Replan = (manager: Manager, pending: readonly PendingNudge[]) => readonly Reschedule[];

/** What settings need from the store: each write re-plans in the same transaction. */
export interface SettingsStore {
  saveManagerPreferences(email: string, settings: ManagerSettings, replan: Replan, now: Date): Promise<{ manager: Manager; rescheduled: number } | undefined>;
  replanNudges(email: string, replan: Replan, now: Date): Promise<number | undefined>;
  /** On install: how to reach the manager (their settings are kept; parked nudges are due again). */
  saveManagerReference(m: { email: string; aadObjectId: string | undefined; reference: unknown; now: Date }): Promise<void>;
}

export interface SettingsDeps {
  readonly nudges: SettingsStore;
  readonly clock: Clock;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks?: number;
}

/** nextDeliveryTime looks about a year ahead, so a pause may not run longer than that. */
export const MAX_PAUSE_DAYS = 365;

/** Problems with preferences that only the clock or the time zone data can judge, in plain English. */
export function checkSettings(settings: ManagerSettings, now: Date): string[] {
  const problems: string[] = [];
  const { timeZone, pausedUntil } = settings.window;
  if (!IANAZone.isValidZone(timeZone)) problems.push(`Time zone: "${timeZone}" is not a time zone I know. Use a name such as Europe/London.`);
  if (pausedUntil) {
    const today = todayFor(now, timeZone);
    if (pausedUntil < today) problems.push('Pause until: that date has already passed. Choose today or a later date, or leave it empty.');
    else if (pausedUntil > addDays(today, MAX_PAUSE_DAYS)) problems.push('Pause until: choose a date within the next year.');
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
  manager: ManagerSettings,
  pending: readonly PendingNudge[],
  now: Date,
  holidays: HolidayCalendar,
  defaultCadenceWeeks = DEFAULT_CADENCE_WEEKS,
): Reschedule[] {
  const cadence = cadenceWeeksFor(manager.cadenceWeeks, defaultCadenceWeeks);
  const window = manager.window;
  const start = firstRoundStart(now, window, holidays);
  const today = todayFor(now, window.timeZone);
  const dueDates = new Map<string, string>();
  const firstRound: PendingNudge[] = [];
  for (const n of pending) {
    let dueDate = n.dueDate;
    if (n.kind === 'wellbeing') {
      if (!n.previous || n.previous.outcome === 'held') dueDate = wellbeingDueDate(n.lastWellbeingOn, n.startDate, cadence);
      // A skip moves on one cadence from the manager's date of the skip, as recording it did.
      else if (n.previous.outcome === 'skipped') dueDate = addDays(todayFor(n.previous.at, window.timeZone), cadence * 7);
      if (!n.previous && isFirstRound(n.lastWellbeingOn, dueDate, today)) {
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
  const spread = spreadFirstRound({ employeeIds: firstRound.map((n) => n.employeeId), start, cadenceWeeks: cadence, window, holidays, busy });
  for (const n of firstRound) dueDates.set(n.id, spread.get(n.employeeId)!);
  const out: Reschedule[] = [];
  for (const n of pending) {
    const dueDate = dueDates.get(n.id)!;
    // A due date the new settings put in the past goes at the next opening of the window, not at once.
    let sendAfter = sendAfterFor(dueDate, window, holidays, now);
    if (n.attempts > 0 && n.sendAfter > sendAfter) sendAfter = n.sendAfter;
    if (dueDate !== n.dueDate || sendAfter.getTime() !== n.sendAfter.getTime()) out.push({ id: n.id, dueDate, sendAfter });
  }
  return out;
}

export interface SavedSettings {
  readonly manager: Manager;
  /** Reminders moved to new dates or times. */
  readonly rescheduled: number;
}

/** Saves a manager's settings (checked first) and re-plans their reminders not yet sent, in one transaction. */
export async function saveManagerSettings(deps: SettingsDeps, managerEmail: string, settings: ManagerSettings): Promise<SavedSettings> {
  const now = deps.clock.now();
  const problems = checkSettings(settings, now);
  if (problems.length) throw new AppError('VALIDATION', 'the settings were not saved', problems);
  const defaultCadence = deps.defaultCadenceWeeks ?? DEFAULT_CADENCE_WEEKS;
  // The trust default is stored as "no choice", so a later change of the default reaches this manager too.
  const cadenceWeeks = settings.cadenceWeeks === defaultCadence ? undefined : settings.cadenceWeeks;
  const saved = await deps.nudges.saveManagerPreferences(
    managerEmail,
    { window: settings.window, digest: settings.digest, cadenceWeeks },
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
export async function pauseReminders(deps: SettingsDeps, manager: Manager, until: string): Promise<SavedSettings> {
  return saveManagerSettings(deps, manager.email, { ...manager, window: { ...manager.window, pausedUntil: until } });
}

export async function resumeReminders(deps: SettingsDeps, manager: Manager): Promise<SavedSettings> {
  return saveManagerSettings(deps, manager.email, { ...manager, window: { ...manager.window, pausedUntil: undefined } });
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
export const ALWAYS_OPEN: ManagerSettings = Object.freeze({
  window: Object.freeze({ timeZone: 'Europe/London', days: Object.freeze([1, 2, 3, 4, 5, 6, 7]), start: '00:00', end: '00:00' }),
  cadenceWeeks: undefined,
  digest: true,
});
