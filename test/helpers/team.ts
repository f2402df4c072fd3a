import { Readable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { planNewStarters, planWellbeingNudges } from '../../src/nudges/plan-nudges.js';
import type { TestServer } from './test-server.js';

/**
 * Two managers' teams for the My team tests: the ward manager has a long-serving
 * nurse (E1, no conversation yet) and a new starter (E2, started 16 November
 * 2026); another manager has E3. The manager email is in mixed case once, as rosters have it.
 */
export const TEAM_ROSTER = [
  'employee_id,display_name,email,manager_email,start_date,department,job_title',
  'E1,Sam Patel,sam.patel@nhs.net,Ward.Manager@nhs.net,2025-01-06,Ward 7,Staff Nurse',
  'E2,Alex Jones,,ward.manager@nhs.net,2026-11-16,Ward 7,Healthcare Assistant',
  'E3,Priya Shah,,other.manager@nhs.net,2024-05-01,Ward 9,Sister',
].join('\n');

/** The managers' Entra object ids: the My team tab knows a manager by the account that installed the bot, never by a token's email. */
export const TEAM_MANAGER_OIDS = { ward: 'oid-ward-manager', other: 'oid-other-manager' } as const;

/**
 * Imports the roster, links both managers' Teams accounts as their installs would (Teams gives
 * the bot each member's email for their object id), and plans as the dispatcher would at
 * `clock`'s time: wellbeing nudges and onboarding check-ins.
 */
export async function seedTeams(server: TestServer, clock: Clock): Promise<void> {
  const store = server.app.store;
  await importRoster({ store, clock }, Readable.from([TEAM_ROSTER]), { full: false });
  await store.nudges.saveManagerReference({ email: 'ward.manager@nhs.net', aadObjectId: TEAM_MANAGER_OIDS.ward, reference: {}, now: clock.now() });
  await store.nudges.saveManagerReference({ email: 'other.manager@nhs.net', aadObjectId: TEAM_MANAGER_OIDS.other, reference: {}, now: clock.now() });
  const deps = { nudges: store.nudges, holidays: bankHolidays('england-and-wales'), defaultCadenceWeeks: 6 };
  await planWellbeingNudges(deps, clock.now());
  await planNewStarters(deps, server.app.knowledge.pack.plans.find((p) => p.id === 'onboarding'), clock.now());
}
