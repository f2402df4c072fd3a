import { Readable } from 'node:stream';
import { importRoster } from '../../src/nudges/import-roster.js';
import { ALWAYS_OPEN } from '../../src/nudges/manager-settings.js';
import type { Store } from '../../src/store/store.js';
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
  const rows = ['employee_id,display_name,email,manager_email,start_date,department,job_title'];
  for (let i = 0; i < o.people; i++) rows.push(`P${i},Person ${i},p${i}@nhs.net,m${i % o.managers}@nhs.net,2026-01-05,Ward,HCA`);
  await importRoster({ store, clock: { now: () => now } }, Readable.from([rows.join('\n')]), { full: false });
  for (let m = 0; m < o.managers; m++) {
    await store.nudges.saveManagerReference({
      email: `m${m}@nhs.net`,
      aadObjectId: `aad-${m}`,
      reference: { channelId: 'msteams', serviceUrl: o.serviceUrl, conversation: { id: `a:conv-${m}` }, bot: { id: '28:bot' }, user: { id: `29:u${m}` } },
      now,
    });
    // Open every hour of every day, so a seeded nudge is due whenever the test or bench runs.
    await store.nudges.saveManagerPreferences(`m${m}@nhs.net`, ALWAYS_OPEN, () => [], now);
  }
  await store.nudges.createNudges(
    Array.from({ length: o.people }, (_, i) => ({
      kind: 'wellbeing' as const,
      employeeId: `P${i}`,
      managerEmail: `m${i % o.managers}@nhs.net`,
      stepId: undefined,
      dueDate: '2026-11-20',
      sendAfter: o.sendAfter?.(i) ?? new Date(now.getTime() - 1000),
    })),
    now,
  );
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
