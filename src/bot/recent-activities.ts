/**
 * Activity ids this instance has already handled, per conversation, so a
 * replayed (or retried) activity is answered once. Bounded: the last
 * PER_CONVERSATION ids of the last CONVERSATIONS conversations.
 *
 * Per instance, in memory: with several instances behind a load balancer, a
 * replay that reaches another instance is answered there too (see docs/DEPLOY.md).
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
