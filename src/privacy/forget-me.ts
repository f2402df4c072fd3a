import type { Store } from '../store/store.js';

export type ForgetMeOutcome =
  | { readonly state: 'nothing' }
  /** `stopped`: the manager is still on the roster, so their reminders are stopped, not just deleted. */
  | { readonly state: 'done' | 'stopped'; readonly removed: number };

/** "Forget me": only ever the person asking, found by their Entra object id. A second ask finds nothing left. */
export async function forgetMe(deps: { store: Pick<Store, 'nudges' | 'privacy'>; now: Date }, aadObjectId: string | undefined): Promise<ForgetMeOutcome> {
  const manager = aadObjectId ? await deps.store.nudges.managerByAadObjectId(aadObjectId) : undefined;
  // Questions they sent to HR are theirs too, found by Teams account as well as email.
  const tickets = await deps.store.privacy.forgetTicketsOf({ aadObjectId, email: manager?.email }, deps.now);
  if (!manager) return tickets > 0 ? { state: 'done', removed: tickets } : { state: 'nothing' };
  const result = await deps.store.privacy.forgetManager(manager.email, deps.now);
  return { state: result.remindersStopped ? 'stopped' : 'done', removed: result.nudgesAnonymised + result.nudgesRemoved + tickets };
}
