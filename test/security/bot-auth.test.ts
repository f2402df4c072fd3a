import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { botCredentials, startBotFrameworkKeys, type BotFrameworkKeys } from '../helpers/bot-framework-keys.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b0';
const CREDENTIALS = botCredentials(APP_ID);
/** What a response body must never show: where the keys live, or how a check failed inside. */
const INTERNALS = /ECONNREFUSED|ENOTFOUND|127\.0\.0\.1|request to|openID|validateAndFixActivity|Failed to load|at \S+ \(/i;

describe('security: /api/messages with bot credentials configured', () => {
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

  const question = () => messageActivity('how do I handle sickness absence', { serviceUrl: connector.url });
  const handled = () => server.logs.filter((l) => l.includes('"event":"question"')).length;

  async function expectRefused(headers: Record<string, string>): Promise<void> {
    const before = handled();
    const res = await postActivity(server.url, question(), headers);
    expect(res.status).to.equal(401);
    expect(handled(), 'no handler ran').to.equal(before);
    expect(connector.calls, 'nothing was sent to Teams').to.have.length(0);
  }

  it('refuses a request with no token (401, no handler runs, nothing sent)', async () => {
    await expectRefused({});
  });

  it('refuses a malformed token', async () => {
    await expectRefused({ authorization: 'Bearer not.a.jwt' });
    await expectRefused({ authorization: 'Basic dXNlcjpwYXNz' });
  });

  it('refuses a token signed by a key the OpenID metadata does not publish', async () => {
    await expectRefused({ authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl: connector.url, unknownKey: true })}` });
    // The check really consulted the (loopback) metadata rather than failing for another reason.
    expect(keys.fetches).to.be.greaterThan(0);
  });

  it('refuses a correctly signed token for another bot, or for another service URL', async () => {
    await expectRefused({ authorization: `Bearer ${keys.token({ aud: 'some-other-bot', serviceUrl: connector.url })}` });
    await expectRefused({ authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl: 'https://evil.example' })}` });
  });

  it('lets a correctly signed channel token through to the handler (control: the refusals above are about the token)', async () => {
    const before = handled();
    await postActivity(server.url, question(), { authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl: connector.url })}` });
    expect(handled()).to.equal(before + 1);
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

describe('security: production mode', () => {
  it('refuses to start without bot credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw('MicrosoftAppId: required when NODE_ENV=production');
  });
});

describe('security: bot credentials turn the development sign-in off whatever NODE_ENV says', () => {
  for (const NODE_ENV of ['development', 'test']) {
    it(`NODE_ENV=${NODE_ENV} with bot credentials: no /api/dev/sign-in, so nobody can make themselves HR`, async function () {
      const keys = await startBotFrameworkKeys();
      const server = await startTestServer({ ...CREDENTIALS, NODE_ENV }, undefined, { botAuth: keys.overrides });
      try {
        const res = await fetch(`${server.url}/api/dev/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'mallory@example.com', hr: true }),
        });
        expect(res.status).to.be.oneOf([404, 405]);
        expect(server.app.apiRoutes.map((r) => r.path)).not.to.include('/api/dev/sign-in');
        // The startup log does not claim a development sign-in it does not have.
        expect(server.logs.join('')).not.to.contain('development sign-in is on');
      } finally {
        await server.stop();
        await keys.stop();
      }
    });
  }
});

describe('security: production mode refuses the development sign-in', () => {
  it('mounts no /api/dev/sign-in and accepts no development token', async () => {
    const keys = await startBotFrameworkKeys();
    const server = await startTestServer({ ...CREDENTIALS, NODE_ENV: 'production', PUBLIC_URL: 'https://lma.example.nhs.uk' }, undefined, { botAuth: keys.overrides });
    try {
      expect(server.app.apiRoutes.map((r) => r.path)).not.to.include('/api/dev/sign-in');
      const res = await fetch(`${server.url}/api/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'pat.hr@nhs.net', hr: true }),
      });
      expect(res.status).to.be.oneOf([404, 405]);
      // A token from a development sign-in elsewhere (another local process) is refused on every user route.
      const local = await startTestServer();
      try {
        const { token } = (await (await fetch(`${local.url}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'pat.hr@nhs.net', hr: true }) })).json()) as { token: string };
        const protectedRoute = server.app.apiRoutes.find((r) => r.access !== 'public' && r.method === 'get')!;
        const probe = await fetch(`${server.url}${protectedRoute.path.replace(/:(\w+)/g, 'probe')}`, { headers: { authorization: `Bearer ${token}` } });
        expect(probe.status).to.equal(401);
      } finally {
        await local.stop();
      }
    } finally {
      await server.stop();
      await keys.stop();
    }
  });
});

/** Every line the server logged, parsed (a line that is not JSON fails the test). */
function parsedLogs(server: TestServer): Record<string, unknown>[] {
  return server.logs.flatMap((chunk) => chunk.split('\n').filter((l) => l.trim() !== '')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('security: /api/messages when the signing keys cannot be fetched', () => {
  let connector: FakeConnector;
  let keys: BotFrameworkKeys;
  let server: TestServer;
  before(async function () {
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
