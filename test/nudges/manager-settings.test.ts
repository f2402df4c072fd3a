import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { bankHolidays, NO_HOLIDAYS } from '../../src/nudges/delivery-window.js';
import { checkPreferences, parseDateText, replanPending, saveManagerSettings } from '../../src/nudges/manager-settings.js';
import { DEFAULT_MANAGER, type ManagerPreferences, type ManagerRow, type PendingNudge } from '../../src/store/nudge-store.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';
import { addPeople, installManager, person, wellbeingNudge } from '../helpers/factories.js';

const logger = createLogger('silent');

describe('reading a date as managers write it', () => {
  const today = '2026-11-23'; // a Monday
  it('reads day and month in either order, with or without a year, ordinals and weekday', () => {
    for (const t of ['4 December', '4th December', '4th of December 2026', 'December 4', 'Dec 4th, 2026', 'friday 4 december', '4 DECEMBER.']) {
      expect(parseDateText(t, today), t).to.equal('2026-12-04');
    }
  });
  it('reads ISO and UK numeric dates (day first)', () => {
    expect(parseDateText('2026-12-04', today)).to.equal('2026-12-04');
    expect(parseDateText('04/12/2026', today)).to.equal('2026-12-04');
    expect(parseDateText('4/12', today)).to.equal('2026-12-04');
  });
  it('takes a date without a year as the next one, and reads tomorrow and weekdays', () => {
    expect(parseDateText('3 January', today)).to.equal('2027-01-03');
    expect(parseDateText('tomorrow', today)).to.equal('2026-11-24');
    expect(parseDateText('Friday', today)).to.equal('2026-11-27');
    expect(parseDateText('Monday', today)).to.equal('2026-11-30');
  });
  it('gives nothing for text that is not a real date', () => {
    expect(parseDateText('banana', today)).to.equal(undefined);
    expect(parseDateText('31 February', today)).to.equal(undefined);
  });
});

const manager = (over: Partial<ManagerRow> = {}): ManagerRow => ({
  email: 'm@nhs.net',
  aad_object_id: 'aad-m',
  conversation_reference: '{}',
  reachable: 1,
  unreachable_since: null,
  paused_until: null,
  cadence_weeks: null,
  updated_at: '2026-11-23T00:00:00Z',
  ...DEFAULT_MANAGER,
  ...over,
});

const pending = (over: Partial<PendingNudge>): PendingNudge => ({
  id: 'n1',
  kind: 'wellbeing',
  employee_id: 'E1',
  manager_email: 'm@nhs.net',
  step_id: null,
  due_date: '2026-12-14',
  send_after: '2026-12-14T09:00:00.000Z',
  status: 'pending',
  lease_owner: null,
  lease_expires_at: null,
  attempts: 0,
  last_error: null,
  sent_at: null,
  activity_id: null,
  outcome: null,
  outcome_at: null,
  held_on: null,
  snoozed_until: null,
  skip_reason: null,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
  start_date: '2026-11-02',
  last_wellbeing_on: null,
  previous: undefined,
  ...over,
});

describe('re-planning reminders not yet sent', () => {
  it('re-dates wellbeing reminders from the last conversation held, the start date, or a skip; keeps a snoozed date', () => {
    const m = manager({ cadence_weeks: 2 });
    const out = replanPending(
      m,
      [
        pending({ id: 'start', due_date: '2026-12-14' }),
        pending({ id: 'held', employee_id: 'E2', due_date: '2027-01-01', last_wellbeing_on: '2026-11-20', previous: { outcome: 'held', outcome_at: '2026-11-20T10:00:00Z' } }),
        pending({ id: 'skip', employee_id: 'E3', due_date: '2027-01-04', previous: { outcome: 'skipped', outcome_at: '2026-11-23T10:00:00Z' } }),
        pending({ id: 'snooze', employee_id: 'E4', due_date: '2026-11-30', send_after: '2026-11-30T09:00:00.000Z', previous: { outcome: 'snoozed', outcome_at: '2026-11-23T10:00:00Z' } }),
      ],
      new Date('2026-11-23T10:00:00Z'),
      NO_HOLIDAYS,
      6,
    );
    const byId = Object.fromEntries(out.map((r) => [r.id, r]));
    // Two weeks after the start date is 16 November, past, with nothing recorded: a first round of one, from today.
    expect(byId.start!.dueDate).to.equal('2026-11-23');
    expect(byId.held!.dueDate).to.equal('2026-12-04');
    expect(byId.skip!.dueDate).to.equal('2026-12-07');
    expect(byId.snooze).to.equal(undefined); // same date, same window: nothing to move
  });

  it('moves send times into the new window and past a pause; keeps a later retry time; leaves onboarding dates', () => {
    const m = manager({ start_time: '07:00', end_time: '19:00', days: '1,2,3,4,5,6,7', paused_until: '2026-12-20' });
    const out = replanPending(
      m,
      [
        pending({ id: 'paused', due_date: '2026-12-14', last_wellbeing_on: '2026-11-02' }),
        pending({ id: 'onboarding', kind: 'onboarding', step_id: 'day-30', due_date: '2026-12-30', send_after: '2026-12-30T09:00:00.000Z' }),
        pending({ id: 'retry', employee_id: 'E9', due_date: '2027-01-04', send_after: '2027-02-01T12:00:00.000Z', attempts: 2, start_date: '2026-11-23' }),
      ],
      new Date('2026-11-23T10:00:00Z'),
      NO_HOLIDAYS,
      6,
    );
    const byId = Object.fromEntries(out.map((r) => [r.id, r]));
    // Due 14 December but paused to the 20th: the first moment after, 07:00 on the 21st (UTC in winter).
    expect(byId.paused).to.deep.equal({ id: 'paused', dueDate: '2026-12-14', sendAfter: new Date('2026-12-21T07:00:00.000Z') });
    expect(byId.onboarding).to.deep.equal({ id: 'onboarding', dueDate: '2026-12-30', sendAfter: new Date('2026-12-30T07:00:00.000Z') });
    expect(byId.retry).to.equal(undefined);
  });
});

describe('checking settings', () => {
  const prefs: ManagerPreferences = { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '17:00', pausedUntil: undefined, cadenceWeeks: 6, digest: true };
  const now = new Date('2026-11-23T10:00:00Z');
  it('accepts good settings and refuses an unknown time zone, a past pause and one over a year', () => {
    expect(checkPreferences(prefs, now)).to.deep.equal([]);
    expect(checkPreferences({ ...prefs, timeZone: 'Mars/Olympus' }, now)[0]).to.match(/^Time zone: "Mars\/Olympus" is not a time zone/);
    expect(checkPreferences({ ...prefs, pausedUntil: '2026-11-22' }, now)[0]).to.match(/already passed/);
    expect(checkPreferences({ ...prefs, pausedUntil: '2026-11-23' }, now)).to.deep.equal([]);
    expect(checkPreferences({ ...prefs, pausedUntil: '2028-01-01' }, now)[0]).to.match(/within the next year/);
  });
});

for (const engine of ENGINES) {
  describe(`saving settings (${engine.name})`, () => {
    let store: Store;
    const clock = fixedClock('2026-11-23T10:00:00Z');
    const deps = () => ({ nudges: store.nudges, clock, holidays: bankHolidays('england-and-wales'), defaultCadenceWeeks: 6 });

    beforeEach(async function () {
      store = await engine.open(this);
      await addPeople(store, clock, [
        person(1, { name: 'Sam Patel', startDate: '2026-11-02', jobTitle: 'Nurse' }),
        person(2, { name: 'Ana Lopes', startDate: '2026-11-02', jobTitle: 'Nurse' }),
        person(3, { name: 'Other Report', manager: 'x@nhs.net', startDate: '2026-11-02', department: 'Ward 9', jobTitle: 'HCA' }),
      ]);
      for (const email of ['m@nhs.net', 'x@nhs.net']) await installManager(store, email, clock.now());
      await store.nudges.createNudges([wellbeing('E1', 'm@nhs.net'), wellbeing('E3', 'x@nhs.net')], clock.now());
    });
    const wellbeing = (employeeId: string, managerEmail: string) => wellbeingNudge(employeeId, managerEmail, { dueDate: '2026-12-14', sendAfter: new Date('2026-12-14T09:00:00Z') });
    afterEach(async () => store?.close());

    const open = async (employeeId: string) => (await store.nudges.upcomingFor(employeeId === 'E3' ? 'x@nhs.net' : 'm@nhs.net', 10)).find((n) => n.employee_id === employeeId)!;

    it('stores the settings and re-plans only this manager\'s reminders not yet sent', async () => {
      // E1's reminder is already out with the manager: it stays as it is. E2's is not yet sent.
      const [claimed] = await store.nudges.claimDue('test', new Date('2026-12-14T10:00:00Z'), new Date('2026-12-14T10:02:00Z'), 1);
      expect(claimed!.employee_id).to.equal('E1');
      await store.nudges.markSent([claimed!.id], 'test', 'act-1', clock.now());
      await store.nudges.createNudges([wellbeing('E2', 'm@nhs.net')], clock.now());
      const saved = await saveManagerSettings(deps(), 'm@nhs.net', { timeZone: 'Europe/London', days: [6, 7], startTime: '20:00', endTime: '08:00', pausedUntil: undefined, cadenceWeeks: 2, digest: false });
      expect(saved.rescheduled).to.equal(1);
      expect(saved.manager).to.deep.include({ days: '6,7', start_time: '20:00', end_time: '08:00', cadence_weeks: 2, digest: 0, paused_until: null });
      // Two weeks after the start date (2 November) is Monday 16 November, already past with nothing recorded:
      // a first round, from the first working day, the weekend night shift that opens Saturday 28 November at 20:00 (UTC in winter).
      expect(await open('E2')).to.deep.include({ due_date: '2026-11-28', send_after: '2026-11-28T20:00:00.000Z', status: 'pending' });
      expect(await open('E1')).to.deep.include({ due_date: '2026-12-14', status: 'sent' });
      expect(await open('E3')).to.deep.include({ due_date: '2026-12-14', send_after: '2026-12-14T09:00:00.000Z' });
    });

    it('pauses, then resumes, moving the send time past the pause and back', async () => {
      const base = { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '17:00', cadenceWeeks: 6, digest: true };
      await saveManagerSettings(deps(), 'm@nhs.net', { ...base, pausedUntil: '2026-12-18' });
      expect(await open('E1')).to.deep.include({ due_date: '2026-12-14', send_after: '2026-12-21T09:00:00.000Z' });
      const resumed = await saveManagerSettings(deps(), 'm@nhs.net', { ...base, pausedUntil: undefined });
      expect(resumed.manager.paused_until).to.equal(null);
      // The trust default is stored as no choice of the manager's own.
      expect(resumed.manager.cadence_weeks).to.equal(null);
      expect(await open('E1')).to.deep.include({ send_after: '2026-12-14T09:00:00.000Z' });
    });

    it('refuses a pause in the past and saves nothing', async () => {
      const error = await saveManagerSettings(deps(), 'm@nhs.net', { timeZone: 'Europe/London', days: [1], startTime: '09:00', endTime: '17:00', pausedUntil: '2026-11-01', cadenceWeeks: 4, digest: true }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.deep.include({ code: 'VALIDATION' });
      expect((error as { details: string[] }).details[0]).to.match(/^Pause until: that date has already passed/);
      expect((await store.nudges.getManager('m@nhs.net'))!).to.deep.include({ days: '1,2,3,4,5', cadence_weeks: null });
    });
  });
}
