import { ALWAYS_OPEN } from '../../src/nudges/manager-settings.js';
import type { Store } from '../../src/store/store.js';
import { addPeople, installManager, nudgesFor, team } from './factories.js';
import type { FakeConnector } from './fake-connector.js';

export { ALWAYS_OPEN } from '../../src/nudges/manager-settings.js';

/**
 * Due nudges for the delivery-guarantee tests and the soak bench: `people`
 * staff spread over `managers` managers, each manager installed with a
 * conversation `a:conv-N` on the fake connector, every nudge due a second ago
 * (or when `sendAfter` says).
 */
export async function seedDueNudges(
  store: Store,
  o: { people: number; managers: number; serviceUrl: string; now?: Date; sendAfter?: (i: number) => Date },
): Promise<void> {
  const now = o.now ?? new Date();
  const people = team(o.people, o.managers).map((p, i) => ({ ...p, email: `p${i}@nhs.net` }));
  await addPeople(store, { now: () => now }, people);
  for (let m = 0; m < o.managers; m++) {
    await installManager(store, `m${m}@nhs.net`, now, {
      aadObjectId: `aad-${m}`,
      reference: { channelId: 'msteams', serviceUrl: o.serviceUrl, conversation: { id: `a:conv-${m}` }, bot: { id: '28:bot' }, user: { id: `29:u${m}` } },
      // Open every hour of every day, so a seeded nudge is due whenever the test or bench runs.
      window: ALWAYS_OPEN,
    });
  }
  await store.nudges.createNudges(nudgesFor(people, now, o.sendAfter), now);
}

/** The nudge ids a sent card carries (each appears in several of its buttons). */
export function nudgeIdsIn(activity: unknown): string[] {
  return [...new Set([...JSON.stringify(activity).matchAll(/\\?"nudgeId\\?":\\?"([^"\\]+)/g)].map((m) => m[1]!))];
}

/** How many times Teams received each nudge. */
export function deliveries(connector: FakeConnector): Map<string, number> {
  const times = new Map<string, number>();
  for (const a of connector.activities) for (const id of nudgeIdsIn(a)) times.set(id, (times.get(id) ?? 0) + 1);
  return times;
}

/** Nudges delivered more than once, counting each extra delivery. */
export function duplicateCount(times: Map<string, number>): number {
  let extra = 0;
  for (const n of times.values()) extra += n - 1;
  return extra;
}
