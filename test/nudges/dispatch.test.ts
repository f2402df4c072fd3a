import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import type { Card } from '../../src/cards/render-card.js';
import { createLogger } from '../../src/logger.js';
import { dispatchOnce, SendError, type Messenger } from '../../src/nudges/dispatcher.js';
import { createRateLimiter } from '../../src/nudges/rate-limiter.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { DEFAULT_WINDOW } from '../../src/domain/manager.js';
import type { ClaimedNudge } from '../../src/domain/nudge.js';
import type { Store } from '../../src/store/store.js';
import { nudgeCardForDispatch } from '../../src/cards/nudge-card.js';
import { MAX_CARD_BYTES } from '../../src/cards/render-card.js';
import { defaultPack } from '../helpers/content.js';
import { openTestStore, POSTGRES, SQLITE } from '../helpers/engines.js';
import { addPeople, installManager, nudgesFor, team } from '../helpers/factories.js';
import { until } from '../helpers/wait.js';

const logger = createLogger('silent');

/** A messenger that records which nudges each card carried (the card lists their ids). */
function recordingMessenger(fail?: (n: number) => SendError | undefined): Messenger & { sentIds: string[]; calls: number } {
  const m = {
    sentIds: [] as string[],
    calls: 0,
    async send(_reference: unknown, card: Card) {
      const n = m.calls++;
      const err = fail?.(n);
      if (err) throw err;
      m.sentIds.push(...((card as { ids: string[] }).ids));
      return { activityId: `act-${n}` };
    },
  };
  return m;
}
const cardOf = (group: readonly ClaimedNudge[]): Card => ({ ids: group.map((n) => n.id) });

async function seed(store: Store, people: number, managers: number, now: Date) {
  const staff = team(people, managers);
  await addPeople(store, { now: () => now }, staff);
  for (let m = 0; m < managers; m++) await installManager(store, `m${m}@nhs.net`, now, { aadObjectId: `aad-${m}`, reference: { conversation: { id: `c${m}` } } });
  await store.nudges.createNudges(nudgesFor(staff, now), now);
}

describe('dispatch on SQLite', () => {
  let store: Store;
  const clock = fixedClock('2026-11-24T10:00:00Z');
  beforeEach(async function () {
    store = await SQLITE.open(this);
    await seed(store, 30, 10, clock.now());
  });
  afterEach(async () => store.close());

  const deps = (messenger: Messenger, owner = 'a') => ({ nudges: store.nudges, messenger, limiter: createRateLimiter(0), clock, logger, owner, card: cardOf, options: { baseBackoffMs: 1000 } });

  it('sends one card per manager holding all their due nudges (a digest)', async () => {
    const messenger = recordingMessenger();
    const r = await dispatchOnce(deps(messenger));
    expect(r).to.deep.include({ claimed: 30, sent: 30, retried: 0, parked: 0, failed: 0 });
    expect(messenger.calls).to.equal(10);
    expect(new Set(messenger.sentIds).size).to.equal(30);
    expect((await dispatchOnce(deps(messenger))).claimed).to.equal(0);
  });

  it('holds a card that fell due outside working hours until the manager window opens (after downtime too)', async () => {
    const holidays = bankHolidays('england-and-wales');
    const messenger = recordingMessenger();
    // 20:00 on a Tuesday (the service was down all day, say): due since 10:00, but nobody wants a card in the evening.
    const night = fixedClock('2026-11-24T20:00:00Z');
    const r = await dispatchOnce({ ...deps(messenger), clock: night, holidays });
    expect(r).to.include({ claimed: 30, sent: 0, deferred: 30 });
    expect(messenger.calls).to.equal(0);
    // Handed back with no attempt counted, to go out when the default window (09:00 London) opens next morning.
    const ids = (await store.nudges.dueAt(new Date('2026-11-25T09:00:00Z'), 100)).map((n) => n.id);
    expect(ids).to.have.length(30);
    expect(await store.nudges.dueAt(new Date('2026-11-25T08:59:00Z'), 100)).to.have.length(0);
    const nudge = await store.nudges.getNudge(ids[0]!);
    expect(nudge).to.deep.include({ status: 'pending', attempts: 0, sendAfter: new Date('2026-11-25T09:00:00.000Z') });
    night.set('2026-11-25T09:00:00Z');
    const morning = await dispatchOnce({ ...deps(messenger), clock: night, holidays });
    expect(morning).to.include({ sent: 30, deferred: 0 });
  });

  it('holds a Saturday card until Monday morning', async () => {
    const messenger = recordingMessenger();
    const saturday = fixedClock('2026-11-28T11:00:00Z');
    expect(await dispatchOnce({ ...deps(messenger), clock: saturday, holidays: bankHolidays('england-and-wales') })).to.include({ sent: 0, deferred: 30 });
    expect(await store.nudges.dueAt(new Date('2026-11-30T08:59:00Z'), 100)).to.have.length(0);
    expect(await store.nudges.dueAt(new Date('2026-11-30T09:00:00Z'), 100)).to.have.length(30);
  });

  it('sends one card per reminder to a manager who turned digests off, and a digest to the others', async () => {
    const m0 = (await store.nudges.getManager('m0@nhs.net'))!;
    await store.nudges.saveManagerPreferences('m0@nhs.net', { window: { ...DEFAULT_WINDOW, timeZone: m0.window.timeZone }, cadenceWeeks: undefined, digest: false }, () => [], clock.now());
    const cards: string[][] = [];
    const messenger: Messenger = {
      async send(_ref, card) {
        cards.push((card as { ids: string[] }).ids);
        return { activityId: `act-${cards.length}` };
      },
    };
    const r = await dispatchOnce(deps(messenger));
    expect(r).to.deep.include({ claimed: 30, sent: 30 });
    // m0 manages P0, P10 and P20: three cards of one; the nine other managers get one card of three.
    expect(cards).to.have.length(12);
    expect(cards.filter((c) => c.length === 1)).to.have.length(3);
    expect(cards.filter((c) => c.length === 3)).to.have.length(9);
    const m0Ids = new Set((await store.nudges.upcomingFor('m0@nhs.net', 10)).map((n) => n.id));
    expect(cards.filter((c) => c.length === 1).every((c) => m0Ids.has(c[0]!))).to.equal(true);
  });

  it('splits a digest of many reminders into cards Teams accepts (the real card, under 28 KB)', async () => {
    const pack = await defaultPack();
    const now = clock.now();
    const big = team(20, 1).map((p, i) => ({ ...p, id: `B${i}`, name: `A Rather Long Name Number ${i}`, email: `b${i}@nhs.net`, manager: 'big@nhs.net' }));
    await addPeople(store, clock, big);
    await installManager(store, 'big@nhs.net', now, { aadObjectId: 'aad-big', reference: { conversation: { id: 'big' } } });
    await store.nudges.createNudges(nudgesFor(big, now), now);
    const sizes: number[] = [];
    const messenger: Messenger = {
      async send(_ref, card) {
        sizes.push(Buffer.byteLength(JSON.stringify(card)));
        return { activityId: `act-${sizes.length}` };
      },
    };
    const services = { publicUrl: 'https://lma.example.nhs.uk', knowledge: { pack }, clock };
    const r = await dispatchOnce({ ...deps(messenger), card: (group) => nudgeCardForDispatch(services, group) });
    expect(r).to.deep.include({ claimed: 50, sent: 50, retried: 0, failed: 0 });
    // The big manager's 20 go on three cards (8, 8, 4); the ten others get one card each.
    expect(sizes).to.have.length(13);
    expect(Math.max(...sizes)).to.be.below(MAX_CARD_BYTES);
  });

  it('claims a manager\'s due reminders together even across the batch size, so they share a digest', async () => {
    const messenger = recordingMessenger();
    // One claim only (no refill once the queue runs dry), to see what a claim takes.
    const r = await dispatchOnce({ ...deps(messenger), options: { batchSize: 4 } }, () => false);
    // Managers are claimed whole: the batch of 4 reaches into m1's three, and takes all of them.
    expect(r.claimed).to.equal(6);
    expect(messenger.calls).to.equal(2);
  });

  it('retries transient failures with backoff, then marks them failed with a reason', async () => {
    const messenger = recordingMessenger(() => new SendError(503, 'unavailable'));
    for (let i = 0; i < 5; i++) {
      await dispatchOnce(deps(messenger));
      clock.advance(60 * 60 * 1000);
    }
    const counts = await store.nudges.countByStatus();
    expect(counts).to.deep.equal({ failed: 30 });
    expect(messenger.calls).to.equal(50);
  });

  it('takes over nudges whose lease ran out (an instance that died mid-dispatch)', async () => {
    // Nine is three managers' reminders, whole (a claim never splits a manager's due reminders).
    const lost = await store.nudges.claimDue('dead-instance', clock.now(), new Date(clock.now().getTime() + 1000), 9);
    expect(lost).to.have.length(9);
    const messenger = recordingMessenger();
    expect((await dispatchOnce(deps(messenger, 'b'))).claimed).to.equal(21);
    clock.advance(2000);
    expect((await dispatchOnce(deps(messenger, 'b'))).claimed).to.equal(9);
    expect(new Set(messenger.sentIds).size).to.equal(30);
  });

  it('hands nudges back unsent, with no attempt counted, when the lease runs short (a long Retry-After pause)', async () => {
    const messenger = recordingMessenger();
    // Waiting for a send slot takes 110 s of the 120 s lease: a 15 s send could outlast it.
    const limiter = { take: async () => clock.advance(110_000), pauseUntil: () => undefined };
    const r = await dispatchOnce({ ...deps(messenger), limiter, options: { leaseMs: 120_000, sendTimeoutMs: 15_000, concurrency: 1 } });
    expect(r).to.deep.include({ claimed: 30, sent: 0, released: 30 });
    expect(messenger.calls).to.equal(0);
    expect(await store.nudges.countByStatus()).to.deep.equal({ pending: 30 });
    expect((await store.nudges.deliveryStates()).every((n) => n.attempts === 0 && n.leaseOwner === undefined)).to.equal(true);
  });

  it('claims the next batch as the queue runs dry, so one slow send does not hold up the rest', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const messenger: Messenger = {
      async send(_ref, card) {
        const ids = (card as { ids: string[] }).ids;
        if (sent.length === 0 && !ids.some((id) => sent.includes(id))) {
          sent.push('slow');
          await slow;
        }
        sent.push(...ids);
        return { activityId: ids[0]! };
      },
    };
    const pass = dispatchOnce({ ...deps(messenger), options: { batchSize: 3, concurrency: 2 } });
    // Everything else goes out while the first send is still waiting.
    await until(() => sent.length >= 28, 'the other 27 nudges to go out');
    expect(sent.length - 1).to.be.at.least(27);
    expect(sent[0], 'the slow send is still waiting').to.equal('slow');
    release();
    const r = await pass;
    expect(r).to.deep.include({ sent: 30 });
    expect(await store.nudges.countByStatus()).to.deep.equal({ sent: 30 });
  });

  it('holds the rate cap, and a Retry-After pause holds every sender', async () => {
    // Simulated time: sleeping moves the clock on, so the spacing is exact and the test takes no real time.
    let t = 0;
    const sendTimes: number[] = [];
    const limiter = createRateLimiter(50, () => t, async (ms) => void (t += ms));
    const messenger: Messenger = {
      async send(_ref, card) {
        sendTimes.push(t);
        return { activityId: String((card as { ids: string[] }).ids[0]) };
      },
    };
    await dispatchOnce({ ...deps(messenger), limiter, options: { concurrency: 1 } });
    expect(sendTimes).to.have.length(10);
    for (let i = 1; i < sendTimes.length; i++) expect(sendTimes[i]! - sendTimes[i - 1]!).to.be.at.least(20);
    limiter.pauseUntil(t + 5000);
    const before = t;
    await limiter.take();
    expect(t - before).to.equal(5000);
  });
});

describe('dispatch by two instances sharing PostgreSQL', () => {
  it('sends every nudge exactly once', async function () {
    const database = await POSTGRES.config(this);
    const clock = fixedClock('2026-11-24T10:00:00Z');
    const a = await openTestStore(database);
    const b = await openTestStore(database);
    try {
      await seed(a, 2000, 400, clock.now());
      const messenger = recordingMessenger();
      const run = async (store: Store, owner: string) => {
        let total = 0;
        for (;;) {
          const r = await dispatchOnce({ nudges: store.nudges, messenger, limiter: createRateLimiter(0), clock, logger, owner, card: cardOf, options: { batchSize: 50 } });
          total += r.sent;
          if (r.claimed === 0) return total;
        }
      };
      const [sentA, sentB] = await Promise.all([run(a, 'instance-a'), run(b, 'instance-b')]);
      expect(sentA + sentB).to.equal(2000);
      expect(sentA).to.be.greaterThan(0);
      expect(sentB).to.be.greaterThan(0);
      expect(messenger.sentIds).to.have.length(2000);
      expect(new Set(messenger.sentIds).size).to.equal(2000);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
