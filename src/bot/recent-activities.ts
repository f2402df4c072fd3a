import type { Clock } from '../clock.js';
import { errorForLog } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Activity ids this instance has already handled, per conversation, so a
 * replayed (or retried) activity is answered once. Bounded: the last
 * PER_CONVERSATION ids of the last CONVERSATIONS conversations.
 *
 * In memory, per instance: a replay that reaches this instance again costs no
 * query. One that reaches another instance is caught by the shared record
 * (`HandledActivities`) behind it.
 */
const PER_CONVERSATION = 200;
const CONVERSATIONS = 10_000;

export class RecentActivities {
  private readonly byConversation = new Map<string, Set<string>>();

  /** True the first time this (conversation, id) is seen; false for a replay. Activities without ids always pass. */
  firstTime(conversationId: string | undefined, activityId: string | undefined): boolean {
    if (!conversationId || !activityId) return true;
    let ids = this.byConversation.get(conversationId);
    if (ids?.has(activityId)) return false;
    if (ids) this.byConversation.delete(conversationId); // re-inserted below: most recently used last
    else ids = new Set();
    ids.add(activityId);
    if (ids.size > PER_CONVERSATION) ids.delete(ids.values().next().value!);
    this.byConversation.set(conversationId, ids);
    if (this.byConversation.size > CONVERSATIONS) this.byConversation.delete(this.byConversation.keys().next().value!);
    return true;
  }
}

/** What every instance shares about activities already answered (met by the store's `activities`). */
export interface HandledActivities {
  /**
   * Records the pair as handled: true when no instance had recorded it before (atomic across instances),
   * false for a repeat, undefined when the record cannot be checked now without holding the reply up.
   */
  recordHandled(conversationId: string, activityId: string, at: Date): Promise<boolean | undefined>;
}

/** Whether an activity is new, or a repeat caught by this instance's memory or by the shared record. */
export type Delivery = 'new' | 'seen-here' | 'seen-shared';

/**
 * The replay check: memory first, then the shared record. When the shared record cannot answer
 * (a database outage), the activity is treated as new: a rare duplicate reply is better than
 * Teams users getting no answer at all.
 */
export function createReplayCheck(deps: { readonly shared?: HandledActivities; readonly clock: Clock; readonly logger: Logger }) {
  const recent = new RecentActivities();
  return async (conversationId: string | undefined, activityId: string | undefined): Promise<Delivery> => {
    if (!recent.firstTime(conversationId, activityId)) return 'seen-here';
    if (!deps.shared || !conversationId || !activityId) return 'new';
    try {
      return (await deps.shared.recordHandled(conversationId, activityId, deps.clock.now())) === false ? 'seen-shared' : 'new';
    } catch (err) {
      deps.logger.warn({ event: 'activity-dedup-unavailable', error: errorForLog(err) }, 'could not check whether another instance answered this activity: answering it');
      return 'new';
    }
  };
}
