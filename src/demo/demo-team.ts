import { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { HolidayCalendar } from '../nudges/delivery-window.js';
import { importRoster } from '../nudges/import-roster.js';
import { formatRowProblem } from '../nudges/roster.js';
import { ALWAYS_OPEN, saveManagerSettings } from '../nudges/manager-settings.js';
import { DEFAULT_SETTINGS, type Manager } from '../domain/manager.js';
import type { Store } from '../store/store.js';

/**
 * Demo data for trying the assistant locally in Microsoft 365 Agents Playground: three reports
 * for the Playground's user. Never in production (the CLI refuses), and every row is labelled
 * "(demo)" under ids starting "demo-", so `lma demo remove` finds exactly what was added.
 */

/**
 * The Playground's signed-in user when no .m365agentsplayground.yml says otherwise: its built-in
 * configuration (@microsoft/m365agentsplayground 0.2.x) names Alex Wilber, and its TeamsInfo.getMember
 * answer gives the bot this email, which links the chat to the roster's manager_email.
 */
export const PLAYGROUND_USER = Object.freeze({ name: 'Alex Wilber', email: 'alexw@example.com' });

export const DEMO_IDS = Object.freeze(['demo-1', 'demo-2', 'demo-3']);

export interface DemoDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks: number;
}

export interface DemoPerson {
  readonly employeeId: string;
  readonly name: string;
  readonly startDate: string;
  readonly note: string;
}

/** Two reports overdue a wellbeing conversation, and a new starter who starts on Monday next week. */
export function demoPeople(now: Date): readonly DemoPerson[] {
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
  const nextMonday = today.plus({ days: 8 - today.weekday });
  return [
    { employeeId: 'demo-1', name: 'Priya Shah (demo)', startDate: today.minus({ months: 14 }).toISODate()!, note: 'no wellbeing conversation on record: a reminder is due' },
    { employeeId: 'demo-2', name: 'Tom Okafor (demo)', startDate: today.minus({ months: 3 }).toISODate()!, note: 'started three months ago: a reminder is due' },
    { employeeId: 'demo-3', name: 'Grace Lee (demo, new starter)', startDate: nextMonday.toISODate()!, note: `starts on ${nextMonday.toFormat('cccc d LLLL')}: onboarding check-ins planned` },
  ];
}

/** Adds (or puts back) the demo reports for the Playground's user; a second run changes nothing. */
export async function addDemoTeam(deps: DemoDeps): Promise<readonly DemoPerson[]> {
  const people = demoPeople(deps.clock.now());
  const csv = [
    'employee_id,display_name,email,manager_email,start_date,department,job_title',
    ...people.map((p) => `${p.employeeId},"${p.name}",,${PLAYGROUND_USER.email},${p.startDate},Demo ward,Healthcare assistant (demo)`),
  ].join('\n');
  const report = await importRoster({ store: deps.store, clock: deps.clock }, Readable.from([csv]), { full: false });
  if (report.problems.length) throw new AppError('INTERNAL', 'the demo roster did not import', report.problems.map(formatRowProblem));
  return people;
}

/**
 * Opens the Playground user's reminder window every day, all day, so the due demo reminders go
 * on the dispatcher's next pass whatever the hour (bank holidays still wait). Needs the chat
 * opened first: until the bot has seen the user, it cannot send them anything.
 */
export async function openWindowForDemo(deps: DemoDeps): Promise<Manager | undefined> {
  const manager = await deps.store.nudges.getManager(PLAYGROUND_USER.email);
  if (!manager?.reachable) return undefined;
  const saved = await saveManagerSettings({ nudges: deps.store.nudges, clock: deps.clock, holidays: deps.holidays, defaultCadenceWeeks: deps.defaultCadenceWeeks }, PLAYGROUND_USER.email, ALWAYS_OPEN);
  return saved.manager;
}

/** Takes the demo reports and their reminders out, and puts the Playground user's window back to the default. */
export async function removeDemoTeam(deps: DemoDeps): Promise<number> {
  const removed = await deps.store.nudges.removePeople(DEMO_IDS);
  const manager = await deps.store.nudges.getManager(PLAYGROUND_USER.email);
  if (manager) {
    await saveManagerSettings({ nudges: deps.store.nudges, clock: deps.clock, holidays: deps.holidays, defaultCadenceWeeks: deps.defaultCadenceWeeks }, PLAYGROUND_USER.email, DEFAULT_SETTINGS);
  }
  return removed;
}
