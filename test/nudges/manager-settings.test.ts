import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { bankHolidays, NO_HOLIDAYS } from '../../src/nudges/delivery-window.js';
import { DEFAULT_SETTINGS, DEFAULT_WINDOW, type DeliveryWindow, type Manager, type ManagerSettings } from '../../src/domain/manager.js';
import type { PendingNudge } from '../../src/domain/nudge.js';
import { checkSettings, parseDateText, replanPending, saveManagerSettings } from '../../src/nudges/manager-settings.js';
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

const manager = (window: Partial<DeliveryWindow> = {}, over: Partial<Manager> = {}): Manager => ({
  email: 'm@nhs.net',
  aadObjectId: 'aad-m',
  conversation: {},
  reachable: true,
  ...DEFAULT_SETTINGS,
  window: { ...DEFAULT_WINDOW, ...window },
  ...over,
});

const pending = (over: Partial<PendingNudge>): PendingNudge => ({
  id: 'n1',
  kind: 'wellbeing',
  employeeId: 'E1',
  managerEmail: 'm@nhs.net',
  stepId: undefined,
  dueDate: '2026-12-14',
  sendAfter: new Date('2026-12-14T09:00:00.000Z'),
  status: 'pending',
  attempts: 0,
  activityId: undefined,
  outcome: undefined,
  outcomeAt: undefined,
  startDate: '2026-11-02',
  lastWellbeingOn: undefined,
  previous: undefined,
  ...over,
});

describe('re-planning reminders not yet sent', () => {
  it('re-dates wellbeing reminders from the last conversation held, the start date, or a skip; keeps a snoozed date', () => {
    const m = manager({}, { cadenceWeeks: 2 });
    const out = replanPending(
      m,
      [
        pending({ id: 'start', dueDate: '2026-12-14' }),
        pending({ id: 'held', employeeId: 'E2', dueDate: '2027-01-01', lastWellbeingOn: '2026-11-20', previous: { outcome: 'held', at: new Date('2026-11-20T10:00:00Z') } }),
        pending({ id: 'skip', employeeId: 'E3', dueDate: '2027-01-04', previous: { outcome: 'skipped', at: new Date('2026-11-23T10:00:00Z') } }),
        pending({ id: 'snooze', employeeId: 'E4', dueDate: '2026-11-30', sendAfter: new Date('2026-11-30T09:00:00.000Z'), previous: { outcome: 'snoozed', at: new Date('2026-11-23T10:00:00Z') } }),
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
    const m = manager({ start: '07:00', end: '19:00', days: [1, 2, 3, 4, 5, 6, 7], pausedUntil: '2026-12-20' });
    const out = replanPending(
      m,
      [
        pending({ id: 'paused', dueDate: '2026-12-14', lastWellbeingOn: '2026-11-02' }),
        pending({ id: 'onboarding', kind: 'onboarding', stepId: 'day-30', dueDate: '2026-12-30', sendAfter: new Date('2026-12-30T09:00:00.000Z') }),
        pending({ id: 'retry', employeeId: 'E9', dueDate: '2027-01-04', sendAfter: new Date('2027-02-01T12:00:00.000Z'), attempts: 2, startDate: '2026-11-23' }),
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
  const settings: ManagerSettings = { window: DEFAULT_WINDOW, cadenceWeeks: 6, digest: true };
  const withWindow = (w: Partial<DeliveryWindow>): ManagerSettings => ({ ...settings, window: { ...DEFAULT_WINDOW, ...w } });
  const now = new Date('2026-11-23T10:00:00Z');
  it('accepts good settings and refuses an unknown time zone, a past pause and one over a year', () => {
    expect(checkSettings(settings, now)).to.deep.equal([]);
    expect(checkSettings(withWindow({ timeZone: 'Mars/Olympus' }), now)[0]).to.match(/^Time zone: "Mars\/Olympus" is not a time zone/);
    expect(checkSettings(withWindow({ pausedUntil: '2026-11-22' }), now)[0]).to.match(/already passed/);
    expect(checkSettings(withWindow({ pausedUntil: '2026-11-23' }), now)).to.deep.equal([]);
    expect(checkSettings(withWindow({ pausedUntil: '2028-01-01' }), now)[0]).to.match(/within the next year/);
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

    const open = async (employeeId: string) => (await store.nudges.upcomingFor(employeeId === 'E3' ? 'x@nhs.net' : 'm@nhs.net', 10)).find((n) => n.employeeId === employeeId)!;

    it('stores the settings and re-plans only this manager\'s reminders not yet sent', async () => {
      // E1's reminder is already out with the manager: it stays as it is. E2's is not yet sent.
      const [claimed] = await store.nudges.claimDue('test', new Date('2026-12-14T10:00:00Z'), new Date('2026-12-14T10:02:00Z'), 1);
      expect(claimed!.employeeId).to.equal('E1');
      await store.nudges.markSent([claimed!.id], 'test', 'act-1', clock.now());
      await store.nudges.createNudges([wellbeing('E2', 'm@nhs.net')], clock.now());
      const weekendNights = { timeZone: 'Europe/London', days: [6, 7], start: '20:00', end: '08:00' };
      const saved = await saveManagerSettings(deps(), 'm@nhs.net', { window: weekendNights, cadenceWeeks: 2, digest: false });
      expect(saved.rescheduled).to.equal(1);
      expect(saved.manager).to.deep.include({ window: { ...weekendNights, pausedUntil: undefined }, cadenceWeeks: 2, digest: false });
      // Two weeks after the start date (2 November) is Monday 16 November, already past with nothing recorded:
      // a first round, from the first working day, the weekend night shift that opens Saturday 28 November at 20:00 (UTC in winter).
      expect(await open('E2')).to.deep.include({ dueDate: '2026-11-28', sendAfter: new Date('2026-11-28T20:00:00.000Z'), status: 'pending' });
      expect(await open('E1')).to.deep.include({ dueDate: '2026-12-14', status: 'sent' });
      expect(await open('E3')).to.deep.include({ dueDate: '2026-12-14', sendAfter: new Date('2026-12-14T09:00:00.000Z') });
    });

    it('pauses, then resumes, moving the send time past the pause and back', async () => {
      const base = { cadenceWeeks: 6, digest: true };
      await saveManagerSettings(deps(), 'm@nhs.net', { ...base, window: { ...DEFAULT_WINDOW, pausedUntil: '2026-12-18' } });
      expect(await open('E1')).to.deep.include({ dueDate: '2026-12-14', sendAfter: new Date('2026-12-21T09:00:00.000Z') });
      const resumed = await saveManagerSettings(deps(), 'm@nhs.net', { ...base, window: DEFAULT_WINDOW });
      expect(resumed.manager.window.pausedUntil).to.equal(undefined);
      // The trust default is stored as no choice of the manager's own.
      expect(resumed.manager.cadenceWeeks).to.equal(undefined);
      expect(await open('E1')).to.deep.include({ sendAfter: new Date('2026-12-14T09:00:00.000Z') });
    });

    it('refuses a pause in the past and saves nothing', async () => {
      const error = await saveManagerSettings(deps(), 'm@nhs.net', { window: { ...DEFAULT_WINDOW, days: [1], pausedUntil: '2026-11-01' }, cadenceWeeks: 4, digest: true }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.deep.include({ code: 'VALIDATION' });
      expect((error as { details: string[] }).details[0]).to.match(/^Pause until: that date has already passed/);
      expect((await store.nudges.getManager('m@nhs.net'))!).to.deep.include({ window: DEFAULT_WINDOW, cadenceWeeks: undefined });
    });
  });
}
