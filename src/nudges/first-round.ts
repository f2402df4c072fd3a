import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { isWorkingDay, nextDeliveryTime, type DeliveryWindow, type HolidayCalendar } from './delivery-window.js';
import { addDays } from './schedule.js';

/**
 * The first round: reports with no wellbeing conversation recorded whose
 * first one is already due (after a roster import, most of a team). Rather
 * than every one of them on the first morning, they are spread over the
 * manager's working days within one cadence, in a stable order, with at most
 * a digest's worth a day.
 */

/** Most reminders a manager gets on one day from the first round (and, counting what is already planned, in all): one digest card. */
export const FIRST_ROUND_MAX_PER_DAY = 8;

/** Is this wellbeing reminder part of the first round: nothing recorded yet, and the date the rules give (a cadence after the start date) already past? */
export function isFirstRound(lastHeldOn: string | null | undefined, naturalDueDate: string, today: string): boolean {
  return !lastHeldOn && naturalDueDate < today;
}

/** The manager's first working day from `now` (their local date): where a first round starts. A pause pushes it past the pause. */
export function firstRoundStart(now: Date, window: DeliveryWindow, holidays: HolidayCalendar): string {
  const opens = nextDeliveryTime(now, window, holidays) ?? now;
  return DateTime.fromJSDate(opens, { zone: window.timeZone }).toISODate()!;
}

/**
 * The order people come up in: by a hash of their employee id, so it does not
 * follow the file's order (nor the alphabet), and the same person keeps their
 * place whenever the round is worked out again.
 */
export function firstRoundOrder(employeeIds: readonly string[]): string[] {
  const key = (id: string) => createHash('sha256').update(id).digest('hex');
  return [...employeeIds].map((id) => [key(id), id] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)).map(([, id]) => id);
}

export interface FirstRoundInput {
  readonly employeeIds: readonly string[];
  /** The first day anyone may come up (see firstRoundStart). */
  readonly start: string;
  readonly cadenceWeeks: number;
  readonly window: Pick<DeliveryWindow, 'days'>;
  readonly holidays: HolidayCalendar;
  /** Reminders the manager already has due on a date (other reports, onboarding check-ins). */
  readonly busy?: ReadonlyMap<string, number>;
}

/**
 * A due date for each person of a first round: evenly over the working days
 * of one cadence from `start` (a team of 12 on a six-week cadence: two or so a
 * week), never more than FIRST_ROUND_MAX_PER_DAY on a day counting what is
 * already due then. Only a team bigger than a digest a working day runs past
 * the cadence. Pure: the same input gives the same dates.
 */
export function spreadFirstRound(input: FirstRoundInput): Map<string, string> {
  const ordered = firstRoundOrder(input.employeeIds);
  const out = new Map<string, string>();
  if (ordered.length === 0) return out;
  const end = addDays(input.start, input.cadenceWeeks * 7);
  const days: string[] = [];
  let cursor = input.start;
  const extend = () => {
    // Past the cadence only when a huge team (or a full calendar) needs it; a window with no days takes the calendar as it is.
    for (let i = 0; i < 400; i++) {
      const d = cursor;
      cursor = addDays(cursor, 1);
      if (isWorkingDay(d, input.window, input.holidays) || input.window.days.length === 0) {
        days.push(d);
        return;
      }
    }
    days.push(cursor);
  };
  while (cursor < end) {
    if (isWorkingDay(cursor, input.window, input.holidays) || input.window.days.length === 0) days.push(cursor);
    cursor = addDays(cursor, 1);
  }
  if (days.length === 0) extend();
  const span = days.length;
  const perDay = Math.min(FIRST_ROUND_MAX_PER_DAY, Math.ceil(ordered.length / span));
  const placed = new Map<string, number>();
  ordered.forEach((id, i) => {
    for (let j = Math.floor((i * span) / ordered.length); ; j++) {
      while (j >= days.length) extend();
      const day = days[j]!;
      const mine = placed.get(day) ?? 0;
      if (mine < perDay && mine + (input.busy?.get(day) ?? 0) < FIRST_ROUND_MAX_PER_DAY) {
        placed.set(day, mine + 1);
        out.set(id, day);
        return;
      }
    }
  });
  return out;
}
