import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'chai';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { botCredentials, startBotFrameworkKeys, type BotFrameworkKeys } from '../helpers/bot-framework-keys.js';
import { ENGINES, type Engine } from '../helpers/engines.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, tempDir, type TestServer } from '../helpers/test-server.js';

/**
 * Issue 17 item 9, across instances: Teams (or an attacker holding a valid token) delivers the same
 * activity again, and the load balancer sends the copy to another instance. Each instance remembered
 * the ids it had handled in memory only, so the copy was answered twice; the shared store now says
 * which (conversation, activity id) pairs any instance has answered.
 *
 * Every POST returns only when its turn is over (the reply already taken by the connector), so counting
 * replies after the responses decides the result; nothing waits for a fixed time.
 */
const QUESTION = 'how do I handle sickness absence';

/** What gives two servers one database: the same SQLite file (DATA_DIR), or the same PostgreSQL database. */
async function sharedStore(engine: Engine, ctx: Mocha.Context): Promise<{ env: Record<string, string>; cleanup: () => void }> {
  if (engine.kind === 'postgres') return { env: await engine.env(ctx), cleanup: () => undefined };
  const dataDir = tempDir('lma-replay-');
  return { env: { DATA_DIR: dataDir }, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** Lines of `event` in a server's log. */
const events = (server: TestServer, event: string) => server.logs.join('').split('\n').filter((l) => l.includes(`"event":"${event}"`)).length;

for (const engine of ENGINES) {
  describe(`replayed activities across two instances sharing one ${engine.name} store`, function () {
    let connector: FakeConnector;
    let a: TestServer;
    let b: TestServer;
    let cleanup = () => {};

    before(async function () {
      connector = await new FakeConnector().start();
      const shared = await sharedStore(engine, this);
      cleanup = shared.cleanup;
      // B starts once A has migrated the store and imported the content (as the other two-instance tests do).
      a = await startTestServer({ ...shared.env, LOG_LEVEL: 'info' });
      b = await startTestServer({ ...shared.env, LOG_LEVEL: 'info' });
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      await connector?.stop();
      cleanup();
    });

    const newActivity = () => messageActivity(QUESTION, { serviceUrl: connector.url, conversationId: `a:replay-${randomUUID()}` });
    /** Replies Teams received to this activity (the bot answers a message as a reply to its id). */
    const repliesTo = (activity: { id: string }) => connector.calls.filter((c) => c.kind === 'reply' && c.activityId === activity.id).length;

    it('the same activity delivered to instance A and then to instance B gets one reply', async () => {
      const activity = newActivity();
      expect((await postActivity(a.url, activity)).status).to.equal(200);
      expect(repliesTo(activity), 'A answered').to.equal(1);
      const replayedOnB = events(b, 'activity-replayed');
      expect((await postActivity(b.url, activity)).status, 'the replay is acknowledged, not refused').to.equal(200);
      expect(repliesTo(activity), 'B did not answer it again').to.equal(1);
      expect(events(b, 'activity-replayed'), 'B logged the replay').to.equal(replayedOnB + 1);
    });

    it('eight deliveries at once, spread over both instances, get one reply', async () => {
      const activity = newActivity();
      const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => postActivity((i % 2 ? b : a).url, activity).then((r) => r.status)));
      expect(statuses).to.deep.equal(Array(8).fill(200));
      expect(repliesTo(activity)).to.equal(1);
    });

    it('a new activity id in the same conversation is answered by the other instance (control: only repeats are dropped)', async () => {
      const first = newActivity();
      await postActivity(a.url, first);
      const next = { ...first, id: randomUUID() };
      await postActivity(b.url, next);
      expect([repliesTo(first), repliesTo(next)]).to.deep.equal([1, 1]);
    });

    it('the same activity id in another conversation is answered (control: ids are remembered per conversation)', async () => {
      const first = newActivity();
      await postActivity(a.url, first);
      const elsewhere = { ...first, conversation: { ...first.conversation, id: `a:replay-${randomUUID()}` } };
      await postActivity(b.url, elsewhere);
      expect(connector.calls.filter((c) => c.kind === 'reply' && c.activityId === first.id).map((c) => c.conversationId)).to.deep.equal([
        first.conversation.id,
        elsewhere.conversation.id,
      ]);
    });
  });
}

/**
 * With bot credentials the check runs after authentication, so a replay must carry a valid token.
 * Replies cannot reach the fake connector here (the bot's own token comes from Entra, which this
 * machine cannot reach), so a handled turn is counted by its "question" log line instead.
 */
describe('replayed signed activities across two instances (bot credentials on)', function () {
  const APP_ID = '00000000-0000-0000-0000-0000000000b0';
  let keys: BotFrameworkKeys;
  let connector: FakeConnector;
  let dataDir: string;
  let a: TestServer;
  let b: TestServer;

  before(async () => {
    keys = await startBotFrameworkKeys();
    connector = await new FakeConnector().start();
    dataDir = tempDir('lma-replay-signed-');
    // Debug level: the "question" line that counts a handled turn is a debug line.
    const env = { ...botCredentials(APP_ID), DATA_DIR: dataDir, LOG_LEVEL: 'debug' };
    a = await startTestServer(env, undefined, { botAuth: keys.overrides });
    b = await startTestServer(env, undefined, { botAuth: keys.overrides });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await connector?.stop();
    await keys?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the same signed activity posted to both instances is handled once', async () => {
    const auth = { authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl: connector.url })}` };
    const activity = messageActivity(QUESTION, { serviceUrl: connector.url, conversationId: `a:replay-${randomUUID()}` });
    const handled = () => events(a, 'question') + events(b, 'question');
    const before = handled();
    expect((await postActivity(a.url, activity, auth)).status).to.equal(200);
    expect(handled(), 'A handled it').to.equal(before + 1);
    expect((await postActivity(b.url, activity, auth)).status).to.equal(200);
    expect(handled(), 'B did not handle it again').to.equal(before + 1);
    expect(events(b, 'activity-replayed')).to.equal(1);
  });
});

/**
 * Availability over deduplication: when the store cannot record the activity (here a SQLite file
 * another process holds a write lock on, as `lma roster import` does while it runs), the activity is
 * answered anyway and the failure is one structured log line.
 */
describe('replayed activities when the store cannot record them', function () {
  let connector: FakeConnector;
  let server: TestServer;

  before(async () => {
    connector = await new FakeConnector().start();
    server = await startTestServer({ LOG_LEVEL: 'info' });
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });

  it('answers an activity it could not record (one log line naming the cause), and still answers it only once on this instance', async () => {
    const activity = messageActivity(QUESTION, { serviceUrl: connector.url, conversationId: `a:replay-${randomUUID()}` });
    const other = new BetterSqlite3(path.join(server.dataDir, 'lma.sqlite'));
    try {
      other.exec('begin exclusive');
      expect((await postActivity(server.url, activity)).status).to.equal(200);
    } finally {
      other.exec('rollback');
      other.close();
    }
    expect(connector.calls.filter((c) => c.kind === 'reply' && c.activityId === activity.id), 'answered although the store refused the write').to.have.length(1);
    const lines = server.logs.join('').split('\n').filter((l) => l.includes('"event":"activity-dedup-unavailable"'));
    expect(lines).to.have.length(1);
    const line = JSON.parse(lines[0]!) as { error: { code?: string }; msg: string };
    expect(line.error.code).to.equal('SQLITE_BUSY');
    for (const kept of [activity.id, activity.conversation.id, QUESTION]) expect(lines[0], 'ids and text stay out of the log').not.to.contain(kept);
    // This instance's memory still knows it: a replay here is not answered again.
    await postActivity(server.url, activity);
    expect(connector.calls.filter((c) => c.kind === 'reply' && c.activityId === activity.id)).to.have.length(1);
  });
});
