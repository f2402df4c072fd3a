import type { ManagerRow } from '../store/nudge-store.js';
import { DEFAULT_WINDOW, type DeliveryWindow } from './delivery-window.js';

/** A manager's stored preferences as a delivery window (the default for managers not yet known). */
export function windowFor(manager: ManagerRow | undefined): DeliveryWindow {
  if (!manager) return DEFAULT_WINDOW;
  return {
    timeZone: manager.time_zone,
    days: manager.days.split(',').map(Number).filter((d) => d >= 1 && d <= 7),
    start: manager.start_time,
    end: manager.end_time,
    pausedUntil: manager.paused_until ?? undefined,
  };
}
