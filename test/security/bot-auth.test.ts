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
