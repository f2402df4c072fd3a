import type { ManagerPreferences, ManagerRow } from '../store/nudge-store.js';
import { DEFAULT_WINDOW, type DeliveryWindow } from './delivery-window.js';

/** A manager's stored row as the preferences the settings card shows and saves. */
export function preferencesOf(manager: ManagerRow): ManagerPreferences {
  return {
    timeZone: manager.time_zone,
    days: parseDays(manager.days),
    startTime: manager.start_time,
    endTime: manager.end_time,
    pausedUntil: manager.paused_until ?? undefined,
    cadenceWeeks: manager.cadence_weeks ?? undefined,
    digest: manager.digest !== 0,
  };
}

/** The manager columns a delivery window is made of (a manager row, or the same columns joined onto a claimed nudge). */
export type WindowColumns = Pick<ManagerRow, 'time_zone' | 'days' | 'start_time' | 'end_time' | 'paused_until'>;

/** A manager's stored preferences as a delivery window (the default for managers not yet known). */
export function windowFor(manager: WindowColumns | undefined): DeliveryWindow {
  if (!manager) return DEFAULT_WINDOW;
  return {
    timeZone: manager.time_zone,
    days: parseDays(manager.days),
    start: manager.start_time,
    end: manager.end_time,
    pausedUntil: manager.paused_until ?? undefined,
  };
}

/** Stored as "1,2,3,4,5" (ISO weekdays). */
function parseDays(days: string): number[] {
  return days.split(',').map(Number).filter((d) => d >= 1 && d <= 7);
}
