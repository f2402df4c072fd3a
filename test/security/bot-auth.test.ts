import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { startBotFrameworkKeys, type BotFrameworkKeys } from '../helpers/bot-framework-keys.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b0';
const CREDENTIALS = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'bot-secret-value',
  MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000t0',
  MicrosoftAppType: 'SingleTenant',
};

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
});

describe('security: production mode', () => {
  it('refuses to start without bot credentials', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw('MicrosoftAppId: required when NODE_ENV=production');
  });
});

describe('security: bot credentials turn the development sign-in off whatever NODE_ENV says', () => {
  for (const NODE_ENV of ['development', 'test']) {
    it(`NODE_ENV=${NODE_ENV} with bot credentials: no /api/dev/sign-in, so nobody can make themselves HR`, async () => {
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
    const server = await startTestServer({ ...CREDENTIALS, NODE_ENV: 'production' }, undefined, { botAuth: keys.overrides });
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
