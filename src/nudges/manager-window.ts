import type { ManagerPreferences, ManagerRow } from '../store/nudge-store.js';
import { DEFAULT_WINDOW, type DeliveryWindow } from './delivery-window.js';

/** A manager's stored row as the preferences the settings card shows and saves. */
export function preferencesOf(manager: ManagerRow): ManagerPreferences {
  return {
    timeZone: manager.time_zone,
    days: manager.days.split(',').map(Number).filter((d) => d >= 1 && d <= 7),
    startTime: manager.start_time,
    endTime: manager.end_time,
    pausedUntil: manager.paused_until ?? undefined,
    cadenceWeeks: manager.cadence_weeks ?? undefined,
    digest: manager.digest !== 0,
  };
}

/** A manager's stored preferences as a delivery window (the default for managers not yet known). */
export function windowFor(manager: ManagerRow | undefined): DeliveryWindow {
  if (!manager) return DEFAULT_WINDOW;
  const p = preferencesOf(manager);
  return { timeZone: p.timeZone, days: p.days, start: p.startTime, end: p.endTime, pausedUntil: p.pausedUntil };
}
