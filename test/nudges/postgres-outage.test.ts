import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/store.js';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { deliveries, duplicateCount, seedDueNudges } from '../helpers/nudge-seed.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { until } from '../helpers/wait.js';

const EARLY = 100; // due at once: sent before the outage
const LATE = 100; // due while the database is down: must go out, once, when it returns
const FAILED_PASSES = 3; // the outage lasts until the dispatcher has backed off this many times

/**
 * Issue 8: PostgreSQL stopped under a serving instance. Questions are answered
 * from memory, /readyz turns 503, the dispatcher backs off (logs, no crash, no
 * tight loop), and when the database returns the nudges due meanwhile go out once.
 */
describe('PostgreSQL stopped while serving, then started again', () => {
  let pg: OwnPostgres | undefined;
  let connector: FakeConnector;
  let server: TestServer | undefined;

  after(async () => {
    await server?.stop();
    await connector?.stop();
    await pg?.destroy();
  });

  it('keeps answering, reports not ready, backs off, and resumes with no nudge lost or sent twice', async function () {
    pg = await startOwnPostgres(this);
    connector = await new FakeConnector().start();
    // The service's clock moves only when the test says: the late nudges fall due during the outage,
    // however long the machine takes to get there.
    const clock = fixedClock(new Date().toISOString());
    const lateAt = new Date(clock.now().getTime() + 15_000);
    // Seeded before the service starts, or its planner would queue nudges of its own for the new roster.
    const seeder = await openStore({ config: { store: { kind: 'postgres', url: pg.url } }, logger: createLogger('silent') });
    await seedDueNudges(seeder, {
      people: EARLY + LATE,
      managers: EARLY + LATE,
      serviceUrl: connector.url,
      now: clock.now(),
      sendAfter: (i) => (i < EARLY ? new Date(clock.now().getTime() - 1000) : lateAt),
    });
    await seeder.close();
    server = await startTestServer({
      DATABASE_URL: pg.url,
      NUDGE_INTERVAL_MS: '250',
      NUDGE_RATE_PER_SECOND: '0',
      NUDGE_LEASE_SECONDS: '10',
      NUDGE_SEND_TIMEOUT_MS: '2000',
    }, clock);
    await connector.waitFor((c) => deliveries(connector).size >= EARLY, 60_000);
    await until(async () => (await server!.app.store.nudges.countByStatus()).sent === EARLY, 'the early nudges to be recorded as sent');
    expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);

    // Queries in flight as the server goes: their connections break while checked out of the pool.
    const busy = Promise.allSettled(Array.from({ length: 30 }, () => server!.app.store.nudges.deliveryStates()));
    await pg.stop();
    await busy;
    clock.set(new Date(lateAt.getTime() + 2000).toISOString());
    const logsAtStop = server.logs.length;
    const stoppedAt = Date.now();

    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).to.equal(503);
    expect(JSON.stringify(await readyz.json())).to.contain('store');
    // A question is answered from the in-memory index while the database is down.
    const before = connector.calls.length;
    const res = await postActivity(server.url, messageActivity('How do I support someone returning to work after sickness absence?', { serviceUrl: connector.url, conversationId: 'a:asker' }));
    expect(res.status).to.be.oneOf([200, 201, 202]);
    const [reply] = (await connector.waitFor((c) => c.length > before, 10_000)).slice(before);
    expect(reply!.conversationId).to.equal('a:asker');
    expect(JSON.stringify(reply!.body)).to.match(/return to work|sickness/i);

    const failedPasses = () =>
      server!.logs
        .slice(logsAtStop)
        .map((l) => JSON.parse(l) as { msg: string; retryInMs?: number })
        .filter((l) => l.msg === 'dispatch pass failed; backing off');
    const questionLogRetries = () => server!.logs.slice(logsAtStop).filter((l) => l.includes('question log not saved')).length;
    await until(() => failedPasses().length >= FAILED_PASSES && questionLogRetries() >= 1, `${FAILED_PASSES} failed dispatch passes and a question log retry`);
    const failures = failedPasses();
    // Every 250 ms would be one pass each quarter second of the outage; doubling waits make it a handful.
    expect(failures.length).to.be.within(1, Math.ceil(Math.log2((Date.now() - stoppedAt) / 250)) + 1);
    const waits = failures.map((f) => f.retryInMs!);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).to.be.at.least(waits[i - 1]!);
    // The question log waiting to be saved backs off too, rather than warning every half second.
    expect(questionLogRetries()).to.be.within(1, 8);
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200); // still alive
    expect(deliveries(connector).size).to.equal(EARLY); // nothing claimable, nothing sent

    await pg.start();
    const restartedAt = Date.now();
    await until(async () => (await fetch(`${server!.url}/readyz`)).status === 200, '/readyz to return to 200');
    // Once the store has every nudge as sent, none is claimed, so no send is still on its way: what
    // Teams has now is all it will get.
    await until(async () => (await server!.app.store.nudges.countByStatus()).sent === EARLY + LATE, 'every nudge to be recorded as sent');
    const times = deliveries(connector);
    const counts = await server.app.store.nudges.countByStatus();
    console.log(
      `      outage ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s, ${failures.length} failed passes (waits ${waits.join(', ')} ms), ` +
        `all ${times.size} nudges out ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the database returned, ${duplicateCount(times)} duplicates`,
    );
    expect(times.size).to.equal(EARLY + LATE);
    expect(duplicateCount(times)).to.equal(0);
    expect(counts).to.deep.equal({ sent: EARLY + LATE });
    // The question asked during the outage reached the log once the database was back.
    await server.app.questionLog.flush();
    const asked = Object.values(await server.app.store.countQuestions()).reduce((a, b) => a + b, 0);
    expect(asked).to.equal(1);
  });
});
