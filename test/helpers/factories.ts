import { Readable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import type { ManagerSettings } from '../../src/domain/manager.js';
import type { NewNudge } from '../../src/domain/nudge.js';
import type { Store } from '../../src/store/store.js';

/**
 * Data factories (as practica's tests use): people, managers and nudges with sensible defaults,
 * each test saying only what matters to it. People go in through the real roster import, managers
 * through the install the bot records, nudges through the store, so the data is what the service
 * itself would hold.
 */

export const ROSTER_HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title';

export interface PersonSpec {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly manager: string;
  readonly startDate: string;
  readonly department: string;
  readonly jobTitle: string;
}

/** A staff member on the roster: `E1`, `Person 1`, under `m@nhs.net`, long-serving, unless told otherwise. */
export function person(n: number, overrides: Partial<PersonSpec> = {}): PersonSpec {
  return { id: `E${n}`, name: `Person ${n}`, email: '', manager: 'm@nhs.net', startDate: '2025-01-06', department: 'Ward 7', jobTitle: 'Staff Nurse', ...overrides };
}

/** `count` people numbered from 0 with ids `P0`…, spread over managers `m0@nhs.net`… in turn. */
export function team(count: number, managers: number, overrides: Partial<PersonSpec> = {}): PersonSpec[] {
  return Array.from({ length: count }, (_, i) => person(i, { id: `P${i}`, manager: `m${i % managers}@nhs.net`, startDate: '2026-01-05', department: 'Ward', jobTitle: 'HCA', ...overrides }));
}

/** The roster CSV HR would upload for `people`. */
export function rosterCsv(people: readonly PersonSpec[]): string {
  return [ROSTER_HEADER, ...people.map((p) => [p.id, p.name, p.email, p.manager, p.startDate, p.department, p.jobTitle].join(','))].join('\n');
}

/** Puts `people` on the roster through the real import (as at `clock`'s time). */
export async function addPeople(store: Store, clock: Clock, people: readonly PersonSpec[]): Promise<void> {
  await importRoster({ store, clock }, Readable.from([rosterCsv(people)]), { full: false });
}

export interface ManagerSpec {
  readonly aadObjectId: string;
  /** Where the bot talks to them (a conversation reference, as the bot records on install). */
  readonly reference: Record<string, unknown>;
  /** Their working window, when the test needs one other than the default. */
  readonly window?: ManagerSettings;
}

/** Records `email` as a manager who has installed the assistant (as the bot does), optionally with a working window. */
export async function installManager(store: Store, email: string, now: Date, overrides: Partial<ManagerSpec> = {}): Promise<void> {
  const m = { aadObjectId: `aad-${email}`, reference: { conversation: { id: email } }, ...overrides };
  await store.nudges.saveManagerReference({ email, aadObjectId: m.aadObjectId, reference: m.reference, now });
  if (m.window) await store.nudges.saveManagerPreferences(email, m.window, () => [], now);
}

/** A wellbeing nudge for `employeeId` under `managerEmail`, due 20 November 2026 and sendable from `sendAfter`. */
export function wellbeingNudge(employeeId: string, managerEmail: string, overrides: Partial<NewNudge> = {}): NewNudge {
  return { kind: 'wellbeing', employeeId, managerEmail, stepId: undefined, dueDate: '2026-11-20', sendAfter: new Date('2026-11-20T09:00:00Z'), ...overrides };
}

/** One wellbeing nudge for each of `people`, all sendable a second before `now` unless `sendAfter` says. */
export function nudgesFor(people: readonly PersonSpec[], now: Date, sendAfter?: (i: number) => Date): NewNudge[] {
  return people.map((p, i) => wellbeingNudge(p.id, p.manager, { sendAfter: sendAfter?.(i) ?? new Date(now.getTime() - 1000) }));
}
