import type { DueNudge, NudgeStore } from '../store/nudge-store.js';
import { nextDeliveryTime, type HolidayCalendar } from './delivery-window.js';
import { windowFor } from './manager-window.js';

export interface NudgesDue {
  /** Cards a dispatch at that time would send. */
  readonly send: readonly DueNudge[];
  /** Due, but outside the manager's working window (evening, weekend, bank holiday, pause): handed back until it opens. */
  readonly waiting: readonly { readonly nudge: DueNudge; readonly opensAt: Date | undefined }[];
  /** Due, but the manager has not installed the assistant or cannot be reached: a dispatch parks these. */
  readonly parked: readonly DueNudge[];
}

/**
 * What a dispatch at `at` would do with each due nudge, by the dispatcher's own rules (reachable
 * first, then the manager's window at send time), without claiming or changing anything.
 */
export async function listNudgesDueAt(deps: { nudges: NudgeStore; holidays: HolidayCalendar }, at: Date, limit = 10000): Promise<NudgesDue> {
  const send: DueNudge[] = [];
  const waiting: { nudge: DueNudge; opensAt: Date | undefined }[] = [];
  const parked: DueNudge[] = [];
  for (const nudge of await deps.nudges.dueWithManagerAt(at, limit)) {
    if (!nudge.canReach) {
      parked.push(nudge);
      continue;
    }
    const { time_zone, days, start_time, end_time } = nudge;
    if (time_zone && days && start_time && end_time) {
      const opensAt = nextDeliveryTime(at, windowFor({ time_zone, days, start_time, end_time, paused_until: nudge.paused_until }), deps.holidays);
      if (!opensAt || opensAt.getTime() > at.getTime()) {
        waiting.push({ nudge, opensAt });
        continue;
      }
    }
    send.push(nudge);
  }
  return { send, waiting, parked };
}
