import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { planNewStarters, planWellbeingNudges } from '../../src/nudges/plan-nudges.js';
import type { Store } from '../../src/store/store.js';
import { defaultPack } from '../helpers/content.js';
import { SQLITE } from '../helpers/engines.js';
import { addPeople, person } from '../helpers/factories.js';

describe('planning nudges (SQLite)', () => {
  let store: Store;
  const clock = fixedClock('2026-11-24T10:00:00Z');
  const deps = () => ({ nudges: store.nudges, holidays: bankHolidays('england-and-wales'), defaultCadenceWeeks: 6 });

  beforeEach(async function () {
    store = await SQLITE.open(this);
    await addPeople(store, clock, [
      person(1, { name: 'Sam Patel', startDate: '2026-09-01', jobTitle: 'Nurse' }),
      person(1, { id: 'N1', name: 'New Starter', startDate: '2026-12-07', jobTitle: 'HCA' }),
    ]);
  });
  afterEach(async () => store.close());

  it('gives each person in post exactly one upcoming wellbeing nudge, at a working time', async () => {
    expect(await planWellbeingNudges(deps(), clock.now())).to.equal(2);
    expect(await planWellbeingNudges(deps(), clock.now())).to.equal(0);
    const upcoming = await store.nudges.upcomingFor('m@nhs.net', 10);
    const sam = upcoming.find((n) => n.employeeId === 'E1')!;
    // Six weeks after 1 September (13 October) is past and nothing is recorded: a first round of one, from today.
    expect(sam.dueDate).to.equal('2026-11-24');
    expect(sam.sendAfter.toISOString()).to.equal('2026-11-24T09:00:00.000Z'); // 09:00 GMT
    const starter = upcoming.find((n) => n.employeeId === 'N1')!;
    expect(starter.dueDate).to.equal('2027-01-18'); // a cadence after the start date, as ever
  });

  it('after a nudge fails for good, plans its person a new one only a day later', async () => {
    expect(await planWellbeingNudges(deps(), clock.now())).to.equal(2);
    const claimed = await store.nudges.claimDue('me', clock.now(), new Date(clock.now().getTime() + 60_000), 10);
    expect(claimed.map((n) => n.employeeId)).to.deep.equal(['E1']); // the new starter's first is not due yet
    await store.nudges.markEnded(claimed.map((n) => n.id), 'me', 'failed', 'send failed (500) after 5 attempt(s)', clock.now());
    const in23Hours = new Date(clock.now().getTime() + 23 * 3600_000);
    expect(await planWellbeingNudges(deps(), in23Hours)).to.equal(0);
    const in25Hours = new Date(clock.now().getTime() + 25 * 3600_000);
    expect(await planWellbeingNudges(deps(), in25Hours)).to.equal(1);
  });

  it('plans a new starter\'s onboarding check-ins from the plan, once', async () => {
    const plan = (await defaultPack()).plans.find((p) => p.id === 'onboarding');
    const created = await planNewStarters(deps(), plan, clock.now());
    // N1 starts in two weeks: all six check-ins. E1 started 12 weeks ago: only those not yet past.
    expect(created).to.equal(8);
    expect(await planNewStarters(deps(), plan, clock.now())).to.equal(0);
    const steps = (await store.nudges.upcomingFor('m@nhs.net', 20)).filter((n) => n.kind === 'onboarding');
    expect(steps.filter((n) => n.employeeId === 'N1')).to.have.length(6);
    expect(steps.filter((n) => n.employeeId === 'E1').map((n) => n.stepId)).to.deep.equal(['day-90', 'probation-review']);
    expect(steps.map((n) => [n.employeeId, n.stepId, n.dueDate])).to.deep.include.members([
      ['N1', 'before-day-one', '2026-11-30'],
      ['N1', 'day-one', '2026-12-07'],
    ]);
  });
});
