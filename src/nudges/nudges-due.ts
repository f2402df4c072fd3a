import type { DueNudge } from '../domain/nudge.js';
import { nextDeliveryTime, type HolidayCalendar } from './delivery-window.js';

/** What would go at a given time, each nudge with its manager; read only. */
export interface DueQueries {
  dueWithManagerAt(at: Date, limit: number): Promise<DueNudge[]>;
}

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
export async function listNudgesDueAt(deps: { nudges: DueQueries; holidays: HolidayCalendar }, at: Date, limit = 10000): Promise<NudgesDue> {
  const send: DueNudge[] = [];
  const waiting: { nudge: DueNudge; opensAt: Date | undefined }[] = [];
  const parked: DueNudge[] = [];
  for (const nudge of await deps.nudges.dueWithManagerAt(at, limit)) {
    if (!nudge.manager?.reachable) {
      parked.push(nudge);
      continue;
    }
    const opensAt = nextDeliveryTime(at, nudge.manager.window, deps.holidays);
    if (!opensAt || opensAt.getTime() > at.getTime()) waiting.push({ nudge, opensAt });
    else send.push(nudge);
  }
  return { send, waiting, parked };
}
