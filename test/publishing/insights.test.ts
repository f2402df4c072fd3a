import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { dashboardFigures, mergeSmallDepartments, weekOf } from '../../src/publishing/insights.js';
import type { DepartmentNudgeCounts } from '../../src/store/insights-store.js';
import type { Store } from '../../src/store/store.js';
import type { RosterRow } from '../../src/domain/people.js';
import { ENGINES } from '../helpers/engines.js';

const counts = (department: string | undefined, people: number, heldOnTime = people): DepartmentNudgeCounts => ({
  department,
  people,
  heldOnTime,
  heldLate: 0,
  snoozed: 0,
  skippedOnLeave: 0,
  skippedLeftTeam: 0,
  skippedOther: 0,
  undeliverable: 0,
});

describe('dashboard groups', () => {
  it('keeps departments of at least the minimum size and merges the rest (and no department) into "other"', () => {
    const { departments, withheldPeople } = mergeSmallDepartments([counts('Ward 7', 6), counts('Pharmacy', 3), counts(undefined, 2), counts('Estates', 5)], 5);
    expect(departments.map((d) => [d.department, d.heldOnTime])).to.deep.equal([
      ['Estates', 5],
      ['Ward 7', 6],
      ['other', 5],
    ]);
    expect(withheldPeople).to.equal(0);
  });

  it('withholds "other" when even the merged group is below the minimum', () => {
    const { departments, withheldPeople } = mergeSmallDepartments([counts('Ward 7', 6), counts('Pharmacy', 3)], 5);
    expect(departments.map((d) => d.department)).to.deep.equal(['Ward 7']);
    expect(withheldPeople).to.equal(3);
  });

  it('counts weeks from Monday', () => {
    expect(weekOf('2026-11-23')).to.equal('2026-11-23');
    expect(weekOf('2026-11-29')).to.equal('2026-11-23');
    expect(weekOf('2026-11-30')).to.equal('2026-11-30');
  });
});

for (const engine of ENGINES) {
  describe(`dashboard figures on ${engine.name}`, function () {
    let store: Store;
    const clock = fixedClock('2026-11-23T12:00:00Z');

    beforeEach(async function () {
      store = await engine.open(this);
    });
    afterEach(async () => {
      await store?.close().catch(() => undefined);
    });

    async function* rows(list: RosterRow[]) {
      yield* list;
    }
    const person = (id: string, department: string, manager: string): RosterRow => ({
      employeeId: id,
      displayName: `Person ${id}`,
      email: undefined,
      managerEmail: manager,
      startDate: '2025-01-06',
      endDate: undefined,
      department,
      jobTitle: 'Nurse',
    });

    it('counts wellbeing outcomes by department, merging small ones, and onboarding check-ins', async () => {
      const people = [
        ...['W1', 'W2', 'W3', 'W4', 'W5'].map((id) => person(id, 'Ward 7', 'ward@trust.nhs.uk')),
        ...['P1', 'P2'].map((id) => person(id, 'Pharmacy', 'pharm@trust.nhs.uk')),
        ...['E1', 'E2', 'E3'].map((id) => person(id, 'Estates', 'estates@trust.nhs.uk')),
      ];
      await store.importRoster(rows(people), { full: false, today: '2026-11-23', now: clock.now() });
      const due = '2026-11-16';
      await store.nudges.createNudges(
        [
          ...people.map((p) => ({ kind: 'wellbeing' as const, employeeId: p.employeeId, managerEmail: p.managerEmail!, stepId: undefined, dueDate: due, sendAfter: new Date('2026-11-16T09:00:00Z') })),
          { kind: 'onboarding' as const, employeeId: 'W1', managerEmail: 'ward@trust.nhs.uk', stepId: 'day-30', dueDate: '2026-11-20', sendAfter: new Date('2026-11-20T09:00:00Z') },
          { kind: 'onboarding' as const, employeeId: 'W2', managerEmail: 'ward@trust.nhs.uk', stepId: 'day-30', dueDate: '2026-11-21', sendAfter: new Date('2026-11-21T09:00:00Z') },
        ],
        clock.now(),
      );
      const open = async (manager: string) => store.nudges.upcomingFor(manager, 50);
      const byPerson = new Map([...(await open('ward@trust.nhs.uk')), ...(await open('pharm@trust.nhs.uk')), ...(await open('estates@trust.nhs.uk'))].map((n) => [`${n.kind}:${n.employeeId}`, n]));
      const record = (key: string, outcome: Parameters<Store['nudges']['recordOutcome']>[2]) => {
        const n = byPerson.get(key)!;
        return store.nudges.recordOutcome(n.id, n.managerEmail, outcome, undefined, clock.now());
      };
      await record('wellbeing:W1', { kind: 'held', on: '2026-11-16' });
      await record('wellbeing:W2', { kind: 'held', on: '2026-11-10' });
      await record('wellbeing:W3', { kind: 'held', on: '2026-11-19' });
      await record('wellbeing:W4', { kind: 'snoozed', until: '2026-11-30' });
      await record('wellbeing:W5', { kind: 'skipped', reason: 'on-leave' });
      await record('wellbeing:P1', { kind: 'held', on: '2026-11-20' });
      await record('wellbeing:E1', { kind: 'skipped', reason: 'left-team' });
      await record('onboarding:W1', { kind: 'held', on: '2026-11-20' });
      await store.nudges.markManagerUnreachable('estates@trust.nhs.uk', '403', clock.now());

      const figures = await dashboardFigures({ store, knowledge: { document: () => undefined }, clock, minGroupSize: 5 }, 4);
      expect(figures.nudgesByDepartment).to.deep.equal([
        { department: 'Ward 7', heldOnTime: 2, heldLate: 1, snoozed: 1, skipped: { on_leave: 1, left_team: 0, other: 0 }, undeliverable: 0 },
        // Pharmacy (2 people) and Estates (3) are too small to show apart.
        { department: 'other', heldOnTime: 0, heldLate: 1, snoozed: 0, skipped: { on_leave: 0, left_team: 1, other: 0 }, undeliverable: 2 },
      ]);
      expect(figures.onboarding).to.deep.equal({ checkInsDue: 2, checkInsCompleted: 1 });
      expect(figures.questionsPerWeek.map((w) => w.week)).to.deep.equal(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);

      const stricter = await dashboardFigures({ store, knowledge: { document: () => undefined }, clock, minGroupSize: 6 }, 4);
      expect(stricter.nudgesByDepartment.map((d) => d.department)).to.deep.equal(['other']);
    });
  });
}
