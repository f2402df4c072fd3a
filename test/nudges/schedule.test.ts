import { expect } from 'chai';
import type { Plan } from '../../src/content/types.js';
import { checkHeldDate, nextWellbeingAfter, onboardingDueDates, wellbeingDueDate } from '../../src/nudges/schedule.js';
import { defaultPack } from '../helpers/content.js';

describe('schedule rules', () => {
  it('makes a wellbeing conversation due one cadence after the start date, then after the last one held', () => {
    expect(wellbeingDueDate(undefined, '2026-11-02', 6)).to.equal('2026-12-14');
    expect(wellbeingDueDate('2026-11-20', '2026-01-01', 6)).to.equal('2027-01-01');
    expect(wellbeingDueDate('2026-11-20', '2026-01-01', 2)).to.equal('2026-12-04');
  });

  it('resets the clock from the date a conversation was held', () => {
    expect(nextWellbeingAfter({ kind: 'held', on: '2026-11-18' }, '2026-11-23', 6)).to.equal('2026-12-30');
  });

  it('brings a snoozed nudge back after a day, a week or two weeks', () => {
    expect(nextWellbeingAfter({ kind: 'snoozed', for: '1d' }, '2026-11-23', 6)).to.equal('2026-11-24');
    expect(nextWellbeingAfter({ kind: 'snoozed', for: '1w' }, '2026-11-23', 6)).to.equal('2026-11-30');
    expect(nextWellbeingAfter({ kind: 'snoozed', for: '2w' }, '2026-11-23', 6)).to.equal('2026-12-07');
  });

  it('moves on one cadence after a skip, and stops when the report left the team', () => {
    expect(nextWellbeingAfter({ kind: 'skipped', reason: 'on-leave' }, '2026-11-23', 6)).to.equal('2027-01-04');
    expect(nextWellbeingAfter({ kind: 'skipped', reason: 'left-team' }, '2026-11-23', 6)).to.equal(undefined);
  });

  it('dates every onboarding check-in from the start date using the plan in the content pack', async () => {
    const plan = (await defaultPack()).plans.find((p) => p.id === 'onboarding')!;
    const due = onboardingDueDates('2027-01-04', plan);
    expect(due.map((d) => d.stepId)).to.deep.equal(['before-day-one', 'day-one', 'end-of-week-one', 'day-30', 'day-90', 'probation-review']);
    expect(due[0]).to.deep.equal({ stepId: 'before-day-one', dueDate: '2026-12-28' });
    expect(due[1]!.dueDate).to.equal('2027-01-04');
    expect(due[3]!.dueDate).to.equal('2027-02-03');
  });

  it('follows the plan data when HR changes it', () => {
    const plan: Plan = { id: 'onboarding', title: 'T', guide: 'onboarding', steps: [{ id: 'week-two', title: 'W', offsetDays: 10, summary: 's', actions: [], questions: [] }] };
    expect(onboardingDueDates('2027-01-04', plan)).to.deep.equal([{ stepId: 'week-two', dueDate: '2027-01-14' }]);
  });

  it('checks a held date', () => {
    expect(checkHeldDate('2026-11-20', '2026-11-23', '2026-01-01')).to.equal(undefined);
    expect(checkHeldDate('2026-11-24', '2026-11-23', '2026-01-01')).to.match(/future/);
    expect(checkHeldDate('2025-12-31', '2026-11-23', '2026-01-01')).to.match(/before/);
    expect(checkHeldDate('2026-02-30', '2026-11-23', '2026-01-01')).to.match(/YYYY-MM-DD/);
  });
});
