import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { DeliveryWindow } from '../domain/manager.js';

/**
 * When a manager may be nudged: their working days and hours in their time
 * zone, never on a bank holiday of the trust's nation, never while paused.
 * Pure functions over plain data; the holiday calendar is the only lookup.
 */
export { DEFAULT_WINDOW, type DeliveryWindow } from '../domain/manager.js';

export type Nation = 'england-and-wales' | 'scotland' | 'northern-ireland';

export interface HolidayCalendar {
  /** Is this local date (YYYY-MM-DD) a bank holiday? */
  isHoliday(date: string): boolean;
}

const REGION: Readonly<Record<Nation, string>> = { 'england-and-wales': 'ENG', scotland: 'SCT', 'northern-ireland': 'NIR' };

/** Bank holidays from the maintained date-holidays data (England and Wales share theirs). */
export function bankHolidays(nation: Nation): HolidayCalendar {
  const calendar = new Holidays('GB', REGION[nation]);
  const byYear = new Map<number, Set<string>>();
  return {
    isHoliday(date) {
      const year = Number(date.slice(0, 4));
      let days = byYear.get(year);
      if (!days) {
        days = new Set(
          calendar
            .getHolidays(year)
            .filter((h) => h.type === 'public' || h.type === 'bank')
            .map((h) => h.date.slice(0, 10)),
        );
        byYear.set(year, days);
      }
      return days.has(date);
    },
  };
}

export const NO_HOLIDAYS: HolidayCalendar = { isHoliday: () => false };

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * The earliest instant at or after `due` inside the window. Looks up to a
 * year ahead; a window with no days at all never opens and gives undefined.
 */
export function nextDeliveryTime(due: Date, window: DeliveryWindow, holidays: HolidayCalendar): Date | undefined {
  const zone = window.timeZone;
  let earliest = DateTime.fromJSDate(due, { zone });
  if (window.pausedUntil) {
    const resume = DateTime.fromISO(window.pausedUntil, { zone }).plus({ days: 1 }).startOf('day');
    if (resume > earliest) earliest = resume;
  }
  const startMin = minutes(window.start);
  const endMin = minutes(window.end);
  const overnight = endMin <= startMin;
  // Start from the day before: an overnight window that opened yesterday may still be open.
  let day = earliest.startOf('day').minus({ days: 1 });
  for (let i = 0; i < 400; i++, day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    if (!window.days.includes(day.weekday) || holidays.isHoliday(date)) continue;
    const open = atWallTime(day, startMin);
    const close = atWallTime(overnight ? day.plus({ days: 1 }) : day, endMin);
    if (earliest >= close) continue;
    return (earliest > open ? earliest : open).toJSDate();
  }
  return undefined;
}

/**
 * The first instant on `day` at or after the wall time `minuteOfDay`. On the night the clocks
 * jump forward a wall time inside the jump does not exist: luxon moves it on by the jump's length
 * (03:00 in Chatham, where 02:45 becomes 03:45, would be 04:00), so it is taken back to the
 * moment of the jump, the first wall time after it that does exist.
 */
function atWallTime(day: DateTime, minuteOfDay: number): DateTime {
  const wanted = day.set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 });
  if (wanted.hour * 60 + wanted.minute === minuteOfDay) return wanted;
  // The jump is less than three hours before: halve the interval to the millisecond it happened.
  let before = wanted.toMillis() - 3 * 3600_000;
  let after = wanted.toMillis();
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (DateTime.fromMillis(mid, { zone: day.zone }).offset === wanted.offset) after = mid;
    else before = mid;
  }
  return DateTime.fromMillis(after, { zone: day.zone });
}

/** Is this local date (YYYY-MM-DD) one of the window's working days, and not a bank holiday? A pause does not count: it moves send times, not due dates. */
export function isWorkingDay(date: string, window: Pick<DeliveryWindow, 'days'>, holidays: HolidayCalendar): boolean {
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday;
  return window.days.includes(weekday) && !holidays.isHoliday(date);
}

/**
 * The first working day on or after `date`, so a due date a manager sees is a
 * day they work. A window with no days keeps the date as it is.
 */
export function workingDayOnOrAfter(date: string, window: Pick<DeliveryWindow, 'days'>, holidays: HolidayCalendar): string {
  let d = DateTime.fromISO(date, { zone: 'UTC' });
  for (let i = 0; i < 400; i++, d = d.plus({ days: 1 })) {
    if (isWorkingDay(d.toISODate()!, window, holidays)) return d.toISODate()!;
  }
  return date;
}
