import { expect } from 'chai';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { startBotFrameworkKeys, type BotFrameworkKeys } from '../helpers/bot-framework-keys.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b2';
const CREDENTIALS = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'bot-secret-value',
  MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000t0',
  MicrosoftAppType: 'SingleTenant',
};

/** What a response body must never show: where the keys live, or how fetching them failed. */
const INTERNALS = /ECONNREFUSED|ENOTFOUND|127\.0\.0\.1|request to|openID|validateAndFixActivity|Failed to load|at \S+ \(/i;

/** Every line the server logged, parsed (a line that is not JSON fails the test). */
function parsedLogs(server: TestServer): Record<string, unknown>[] {
  return server.logs.flatMap((chunk) => chunk.split('\n').filter((l) => l.trim() !== '')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('security: /api/messages when the signing keys cannot be fetched', () => {
  let connector: FakeConnector;
  let keys: BotFrameworkKeys;
  let server: TestServer;
  before(async () => {
    connector = await new FakeConnector().start();
    keys = await startBotFrameworkKeys();
    keys.failWith(500);
    server = await startTestServer(CREDENTIALS, undefined, { botAuth: keys.overrides });
  });
  after(async () => {
    await server?.stop();
    await keys?.stop();
    await connector?.stop();
  });

  async function expectKeysUnavailable(): Promise<void> {
    const before = parsedLogs(server).length;
    const res = await postActivity(server.url, messageActivity('hello', { serviceUrl: connector.url }), {
      authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl: connector.url })}`,
    });
    const body = await res.text();
    expect(res.status).to.equal(503);
    expect(Number(res.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(body).not.to.match(INTERNALS);
    expect(JSON.parse(body)).to.have.property('error').that.is.a('string');
    const lines = parsedLogs(server).slice(before);
    const about = lines.filter((l) => l.msg === 'bot request refused: signing keys unavailable');
    expect(about, JSON.stringify(lines)).to.have.length(1);
    expect(JSON.stringify(about[0])).not.to.match(/\\n\s+at /);
    expect(connector.calls, 'no reply was sent').to.have.length(0);
  }

  it('key service answering 500: 503 with Retry-After, a generic body, one JSON log line without a stack', async () => {
    await expectKeysUnavailable();
    expect(keys.fetches, 'the key service was asked').to.be.greaterThan(0);
  });

  it('key service unreachable (nothing listening): the same', async () => {
    await keys.stop();
    await expectKeysUnavailable();
  });
});

describe('security: /api/messages refuses malformed activities and tokens without a 500', () => {
  let keys: BotFrameworkKeys;
  let connector: FakeConnector;
  let server: TestServer;
  before(async () => {
    keys = await startBotFrameworkKeys();
    connector = await new FakeConnector().start();
    server = await startTestServer(CREDENTIALS, undefined, { botAuth: keys.overrides });
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
    await keys?.stop();
  });
  const auth = (o: { noExpiry?: boolean } = {}) => ({ authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl: connector.url, ...o })}` });

  it('a correctly signed activity with no type: 400 with a plain reason, nothing internal', async () => {
    const { type: _type, ...untyped } = messageActivity('hello', { serviceUrl: connector.url });
    const res = await postActivity(server.url, untyped, auth());
    const body = await res.text();
    expect(res.status).to.equal(400);
    expect(body).not.to.match(INTERNALS);
    expect(connector.calls).to.have.length(0);
    parsedLogs(server); // every line JSON
  });

  it('a body that is not an activity object (an array, a string): 400', async () => {
    for (const body of ['[1,2]', '"text"', '{"type": 5}']) {
      const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth() }, body });
      expect(res.status, body).to.equal(400);
      expect(await res.text()).not.to.match(INTERNALS);
    }
  });

  it('a correctly signed token with no expiry: 401, and nothing answered', async () => {
    const before = server.logs.filter((l) => l.includes('"event":"question"')).length;
    const res = await postActivity(server.url, messageActivity('how do I handle sickness absence', { serviceUrl: connector.url }), auth({ noExpiry: true }));
    expect(res.status).to.equal(401);
    expect(await res.text()).not.to.match(INTERNALS);
    expect(server.logs.filter((l) => l.includes('"event":"question"')).length).to.equal(before);
    // Control: the same token with an expiry is answered.
    const ok = await postActivity(server.url, messageActivity('how do I handle sickness absence', { serviceUrl: connector.url }), auth());
    expect(ok.status).to.equal(200);
    expect(server.logs.filter((l) => l.includes('"event":"question"')).length).to.equal(before + 1);
  });

  it('the same activity replayed eight times is answered once; a new id in the same conversation is answered (control)', async () => {
    const questions = () => server.logs.filter((l) => l.includes('"event":"question"')).length;
    const before = questions();
    const activity = messageActivity('how do I handle sickness absence', { serviceUrl: connector.url, conversationId: 'a:replayed-conversation' });
    const statuses = await Promise.all(Array.from({ length: 8 }, () => postActivity(server.url, activity, auth()).then((r) => r.status)));
    expect(statuses).to.deep.equal(Array(8).fill(200));
    expect(questions(), 'answered once').to.equal(before + 1);
    expect(server.logs.filter((l) => l.includes('"event":"activity-replayed"')).length).to.equal(7);
    await postActivity(server.url, { ...activity, id: 'another-id' }, auth());
    expect(questions()).to.equal(before + 2);
  });
});
