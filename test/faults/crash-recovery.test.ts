import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../src/store/store.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { deliveries, duplicateCount, seedDueNudges } from '../helpers/nudge-seed.js';
import { ENGINES, openTestStore, POSTGRES, type Engine } from '../helpers/engines.js';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process.js';

const NUDGES = 2_000; // one manager each, so one card per nudge
const ENV = { NUDGE_INTERVAL_MS: '200', NUDGE_LEASE_SECONDS: '4', NUDGE_SEND_TIMEOUT_MS: '2000', NUDGE_RATE_PER_SECOND: '0' };

/**
 * Issues 5 and 8: `kill -9` of a dispatching `lma serve` mid-run. Nothing may
 * be lost, and the only nudges Teams may see twice are the ones the killed
 * process had claimed but not yet recorded (sent, but the process died before
 * it could say so): the documented crash window.
 */
interface Fixture {
  connector: FakeConnector;
  store: Store;
  storeEnv: Record<string, string>;
  processes: ServeProcess[];
}

async function setUp(ctx: Mocha.Context, engine: Engine): Promise<Fixture> {
  const connector = await new FakeConnector().start();
  // A little latency per message, so the kill lands with sends in flight.
  connector.delayMs = 20;
  // Every process opens the same store: PostgreSQL's database, or the SQLite file in one DATA_DIR.
  const config = await engine.config(ctx);
  const storeEnv: Record<string, string> = config.kind === 'postgres' ? { DATABASE_URL: config.url } : { DATA_DIR: path.dirname(config.file) };
  const store = await openTestStore(config);
  await seedDueNudges(store, { people: NUDGES, managers: NUDGES, serviceUrl: connector.url });
  return { connector, store, storeEnv, processes: [] };
}

async function tearDown(f: Fixture | undefined): Promise<void> {
  if (!f) return;
  await Promise.all(f.processes.map((p) => p.kill('SIGKILL')));
  await f.store.close();
  await f.connector.stop();
}

const ownedBy = (pid: number) => (owner: string | undefined) => owner?.startsWith(`${os.hostname()}-${pid}-`) ?? false;

/** Waits until `victim` holds claims after a quarter has gone out, then SIGKILLs it; returns what it had claimed but not recorded. */
async function killMidRun(f: Fixture, victim: ServeProcess): Promise<Set<string>> {
  await f.connector.waitFor((c) => c.length >= NUDGES / 4, 90_000);
  const mine = ownedBy(victim.pid);
  for (let i = 0; i < 200; i++) {
    if ((await f.store.nudges.deliveryStates()).some((s) => s.status === 'claimed' && mine(s.leaseOwner))) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(await victim.kill('SIGKILL')).to.equal('SIGKILL');
  const states = await f.store.nudges.deliveryStates();
  return new Set(states.filter((s) => s.status === 'claimed' && mine(s.leaseOwner)).map((s) => s.id));
}

async function untilAllSent(store: Store, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await store.nudges.countByStatus();
    if (counts.sent === NUDGES) return;
    if (Date.now() > deadline) throw new Error(`not all sent within ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function checkGuarantee(label: string, f: Fixture, inFlight: Set<string>, seconds: number): void {
  // Late answers to the killed process's sends are recorded within the connector's delay.
  const times = deliveries(f.connector);
  const duplicated = [...times].filter(([, n]) => n > 1).map(([id]) => id);
  console.log(`      ${label}: ${NUDGES} nudges, ${times.size} delivered, ${duplicateCount(times)} duplicates, ${inFlight.size} in flight at the kill, ${seconds.toFixed(1)} s`);
  expect(times.size, 'nudges delivered at least once').to.equal(NUDGES);
  expect(duplicateCount(times)).to.be.at.most(inFlight.size);
  for (const id of duplicated) expect(inFlight.has(id), `duplicate ${id} was not in flight in the killed process`).to.equal(true);
}

describe('two instances on PostgreSQL, one killed mid-dispatch (kill -9)', () => {
  let f: Fixture | undefined;
  afterEach(async () => tearDown(f));

  it('the survivor finishes after the lease expires: no nudge lost, duplicates at most what the killed one had in flight', async function () {
    f = await setUp(this, POSTGRES);
    const started = Date.now();
    const [a, b] = await Promise.all([startServeProcess({ ...ENV, ...f.storeEnv }), startServeProcess({ ...ENV, ...f.storeEnv })]);
    f.processes.push(a!, b!);
    const inFlight = await killMidRun(f, a!);
    expect(inFlight.size, 'the killed instance had nudges in flight').to.be.greaterThan(0);
    await untilAllSent(f.store, 120_000);
    checkGuarantee('two instances, one killed', f, inFlight, (Date.now() - started) / 1000);
    expect(b!.output.join('')).not.to.match(/"level":(50|60)/); // the survivor logged no errors
  });
});

for (const engine of ENGINES) {
  describe(`one instance killed mid-dispatch and restarted (${engine.name})`, () => {
    let f: Fixture | undefined;
    afterEach(async () => tearDown(f));

    it('the restarted service sends the rest: no nudge lost, duplicates at most what was in flight', async function () {
      f = await setUp(this, engine);
      const started = Date.now();
      const first = await startServeProcess({ ...ENV, ...f.storeEnv });
      f.processes.push(first);
      const inFlight = await killMidRun(f, first);
      expect(inFlight.size, 'the killed process had nudges in flight').to.be.greaterThan(0);
      const sentBeforeRestart = (await f.store.nudges.countByStatus()).sent ?? 0;
      expect(sentBeforeRestart).to.be.within(1, NUDGES - 1);
      f.processes.push(await startServeProcess({ ...ENV, ...f.storeEnv }));
      await untilAllSent(f.store, 120_000);
      checkGuarantee(`${engine}, killed and restarted`, f, inFlight, (Date.now() - started) / 1000);
    });
  });
}
