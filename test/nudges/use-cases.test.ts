import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import type { Card } from '../../src/cards/render-card.js';
import { DEFAULT_SETTINGS, DEFAULT_WINDOW, type Manager } from '../../src/domain/manager.js';
import type { ClaimedNudge, NewNudge, Nudge, NudgeOutcome, OutcomeResult, PlanningPerson } from '../../src/domain/nudge.js';
import { createLogger } from '../../src/logger.js';
import { NO_HOLIDAYS } from '../../src/nudges/delivery-window.js';
import { dispatchOnce, type DispatchQueue } from '../../src/nudges/dispatcher.js';
import { planWellbeingNudges, type PlanningStore } from '../../src/nudges/plan-nudges.js';
import { createRateLimiter } from '../../src/nudges/rate-limiter.js';
import { recordNudgeOutcome, type OutcomeStore } from '../../src/nudges/record-outcome.js';

/**
 * Planning, dispatch and outcomes over the small interfaces they declare,
 * with plain in-memory stand-ins: the rules are tested without a database
 * (the store's side of each interface is tested on both engines elsewhere).
 */
const manager = (email: string, over: Partial<Manager> = {}): Manager => ({
  email,
  aadObjectId: `aad-${email}`,
  conversation: { conversation: { id: email } },
  reachable: true,
  ...DEFAULT_SETTINGS,
  ...over,
});

const nudge = (id: string, over: Partial<Nudge> = {}): Nudge => ({
  id,
  kind: 'wellbeing',
  employeeId: `E-${id}`,
  managerEmail: 'm@nhs.net',
  stepId: undefined,
  dueDate: '2026-06-29',
  sendAfter: new Date('2026-06-29T08:00:00Z'),
  status: 'sent',
  attempts: 0,
  activityId: undefined,
  outcome: undefined,
  outcomeAt: undefined,
  ...over,
});

describe('recording an outcome, over an in-memory store', () => {
  function memoryOutcomes(nudges: Nudge[], managers: Manager[]): OutcomeStore & { created: NewNudge[] } {
    const created: NewNudge[] = [];
    return {
      created,
      getNudge: async (id) => nudges.find((n) => n.id === id),
      getManager: async (email) => managers.find((m) => m.email === email),
      async recordOutcome(id: string, managerEmail: string, outcome: NudgeOutcome, next: NewNudge | undefined, now: Date): Promise<OutcomeResult> {
        const i = nudges.findIndex((n) => n.id === id);
        if (i < 0) return { status: 'not-found' };
        if (nudges[i]!.managerEmail !== managerEmail) return { status: 'not-yours' };
        if (nudges[i]!.outcome) return { status: 'already', nudge: nudges[i]! };
        nudges[i] = { ...nudges[i]!, outcome, outcomeAt: now, status: 'done' };
        if (next) created.push(next);
        return { status: 'recorded', nudge: nudges[i]! };
      },
    };
  }
  // 00:30 BST on 1 July 2026 in London; 30 June in UTC.
  const clock = fixedClock('2026-06-30T23:30:00Z');
  const people = { getPerson: async () => ({ startDate: '2026-01-05' }) };

  it('takes "held today" on the London manager\'s own date and plans the next a cadence on, in their window', async () => {
    const store = memoryOutcomes([nudge('n1')], [manager('m@nhs.net')]);
    const recorded = await recordNudgeOutcome({ nudges: store, people, clock, holidays: NO_HOLIDAYS, defaultCadenceWeeks: 6 }, 'm@nhs.net', 'n1', { kind: 'held', on: '2026-07-01' });
    expect(recorded).to.deep.include({ changed: true, nextDueDate: '2026-08-12' });
    // 09:00 BST on the due date.
    expect(store.created).to.deep.equal([{ kind: 'wellbeing', employeeId: 'E-n1', managerEmail: 'm@nhs.net', stepId: undefined, dueDate: '2026-08-12', sendAfter: new Date('2026-08-12T08:00:00Z') }]);
    const again = await recordNudgeOutcome({ nudges: store, people, clock, holidays: NO_HOLIDAYS }, 'm@nhs.net', 'n1', { kind: 'snoozed', for: '1w' });
    expect(again).to.deep.include({ changed: false, nextDueDate: undefined });
    expect(store.created).to.have.length(1);
  });

  it('uses the manager\'s own zone: in New York it is still 30 June, so 1 July is in the future', async () => {
    const store = memoryOutcomes([nudge('n1')], [manager('m@nhs.net', { window: { ...DEFAULT_WINDOW, timeZone: 'America/New_York' } })]);
    const error = await recordNudgeOutcome({ nudges: store, people, clock, holidays: NO_HOLIDAYS }, 'm@nhs.net', 'n1', { kind: 'held', on: '2026-07-01' }).catch((e: Error) => e);
    expect((error as Error).message).to.equal('date held cannot be in the future');
    expect(store.created).to.deep.equal([]);
  });

  it("refuses another manager's reminder before changing anything", async () => {
    const store = memoryOutcomes([nudge('n1', { managerEmail: 'other@nhs.net' })], [manager('m@nhs.net')]);
    const error = await recordNudgeOutcome({ nudges: store, people, clock, holidays: NO_HOLIDAYS }, 'm@nhs.net', 'n1', { kind: 'skipped', reason: 'other' }).catch((e: { code: string }) => e);
    expect(error).to.deep.include({ code: 'FORBIDDEN' });
    expect((await store.getNudge('n1'))!.outcome).to.equal(undefined);
  });
});

describe('dispatching, over an in-memory queue', () => {
  const claimed = (id: string, m: Manager | undefined, managerEmail = m?.email ?? 'gone@nhs.net'): ClaimedNudge => ({
    ...nudge(id, { managerEmail, status: 'claimed' }),
    person: { displayName: `Person ${id}`, email: undefined, lastWellbeingOn: undefined },
    manager: m,
  });

  function memoryQueue(due: ClaimedNudge[]): DispatchQueue & { log: string[] } {
    const log: string[] = [];
    let handedOut = false;
    return {
      log,
      async claimDue() {
        if (handedOut) return [];
        handedOut = true;
        return due;
      },
      markSent: async (ids, _owner, activityId) => void log.push(`sent ${ids.join('+')} on ${activityId}`),
      markRetry: async (ids) => void log.push(`retry ${ids.join('+')}`),
      release: async (ids, _owner, _now, sendAfter) => void log.push(`release ${ids.join('+')} until ${sendAfter?.toISOString()}`),
      markEnded: async (ids, _owner, status) => void log.push(`${status} ${ids.join('+')}`),
      markManagerUnreachable: async (email) => void log.push(`unreachable ${email}`),
    };
  }

  async function dispatch(due: ClaimedNudge[], at: string) {
    const queue = memoryQueue(due);
    const cards: string[][] = [];
    await dispatchOnce({
      nudges: queue,
      messenger: { send: async (_ref, card) => ({ activityId: `card-${cards.push((card as { ids: string[] }).ids)}` }) },
      limiter: createRateLimiter(0),
      clock: fixedClock(at),
      logger: createLogger('silent'),
      owner: 'me',
      card: (group): Card => ({ ids: group.map((n) => n.id) }),
      holidays: NO_HOLIDAYS,
    });
    return { log: queue.log.sort(), cards };
  }

  it('sends a digest to one manager, one card each to a manager who turned digests off, and parks an unreachable or unknown manager\'s', async () => {
    const digest = manager('a@nhs.net');
    const single = manager('b@nhs.net', { digest: false });
    const blocked = manager('c@nhs.net', { reachable: false });
    const { log, cards } = await dispatch(
      [claimed('1', digest), claimed('2', digest), claimed('3', single), claimed('4', single), claimed('5', blocked), claimed('6', undefined)],
      '2026-11-24T10:00:00Z',
    );
    expect(cards.map((c) => c.join('+')).sort()).to.deep.equal(['1+2', '3', '4']);
    expect(log.filter((l) => l.startsWith('parked'))).to.deep.equal(['parked 5', 'parked 6']);
  });

  it("hands a reminder back until the manager's window opens", async () => {
    const nights = manager('n@nhs.net', { window: { ...DEFAULT_WINDOW, start: '20:00', end: '06:00' } });
    const { log, cards } = await dispatch([claimed('1', nights)], '2026-11-24T10:00:00Z');
    expect(cards).to.deep.equal([]);
    expect(log).to.deep.equal(['release 1 until 2026-11-24T20:00:00.000Z']);
  });
});

describe('planning, over an in-memory store', () => {
  function memoryPlanning(people: PlanningPerson[], managers: Manager[]): PlanningStore & { created: NewNudge[] } {
    const created: NewNudge[] = [];
    return {
      created,
      getManager: async (email) => managers.find((m) => m.email === email),
      peopleWithoutOpenWellbeing: async (after, limit) => people.filter((p) => p.employeeId > after && !created.some((c) => c.employeeId === p.employeeId)).slice(0, limit),
      newStartersWithoutOnboarding: async () => [],
      openNudgesByDay: async () => new Map(),
      async createNudges(nudges) {
        created.push(...nudges);
        return nudges.length;
      },
    };
  }
  const person = (employeeId: string, startDate: string, lastWellbeingOn?: string): PlanningPerson => ({ employeeId, managerEmail: 'm@nhs.net', startDate, lastWellbeingOn });

  it("dates the next conversation a cadence after the last one held, sent at the start of the manager's working day", async () => {
    const store = memoryPlanning([person('E1', '2025-01-06', '2026-11-02')], [manager('m@nhs.net', { cadenceWeeks: 4 })]);
    expect(await planWellbeingNudges({ nudges: store, holidays: NO_HOLIDAYS, defaultCadenceWeeks: 6 }, new Date('2026-11-24T10:00:00Z'))).to.equal(1);
    expect(store.created).to.deep.equal([{ kind: 'wellbeing', employeeId: 'E1', managerEmail: 'm@nhs.net', stepId: undefined, dueDate: '2026-11-30', sendAfter: new Date('2026-11-30T09:00:00Z') }]);
  });

  it('spreads a first round (nothing recorded, long due) over working days, never two on a day for a team of two', async () => {
    const store = memoryPlanning([person('E1', '2025-01-06'), person('E2', '2025-01-06')], [manager('m@nhs.net')]);
    expect(await planWellbeingNudges({ nudges: store, holidays: NO_HOLIDAYS }, new Date('2026-11-24T10:00:00Z'))).to.equal(2);
    const dates = store.created.map((n) => n.dueDate);
    expect(new Set(dates).size).to.equal(2);
    for (const d of dates) expect(d >= '2026-11-24' && d <= '2027-01-05', d).to.equal(true);
  });
});
