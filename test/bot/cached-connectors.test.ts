import { expect } from 'chai';
import { AuthenticationConstants, ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { CachedConnectorsAuthentication } from '../../src/bot/cached-connectors.js';

/** The real local-mode authentication, with its connector factory counted. */
class CountingAuthentication extends ConfigurationBotFrameworkAuthentication {
  created: string[] = [];
  failNext = false;

  override async authenticateRequest(activity: Activity, authHeader: string) {
    const result = await super.authenticateRequest(activity, authHeader);
    const inner = result.connectorFactory!;
    return {
      ...result,
      connectorFactory: {
        create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
          this.created.push(serviceUrl);
          if (this.failNext) {
            this.failNext = false;
            throw new Error('token endpoint down');
          }
          return inner.create(serviceUrl, audience);
        },
      },
    };
  }
}

const activity = (serviceUrl: string) => ({ type: 'message', serviceUrl, channelId: 'msteams' }) as Activity;

describe('cached connector clients for replies', () => {
  it('builds one client per service URL and reuses it on later turns', async () => {
    const inner = new CountingAuthentication({});
    const auth = new CachedConnectorsAuthentication(inner);
    const clients: ConnectorClient[] = [];
    for (const url of ['http://127.0.0.1:1/a', 'http://127.0.0.1:1/a', 'http://127.0.0.1:1/b', 'http://127.0.0.1:1/a']) {
      const result = await auth.authenticateRequest(activity(url), '');
      clients.push(await result.connectorFactory!.create(url, undefined));
    }
    expect(inner.created).to.deep.equal(['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b']);
    expect(clients[0]).to.equal(clients[1]);
    expect(clients[0]).to.equal(clients[3]);
    expect(clients[2]).to.not.equal(clients[0]);
  });

  it('forgets a client that failed to build, so the next turn tries again', async () => {
    const inner = new CountingAuthentication({});
    const auth = new CachedConnectorsAuthentication(inner);
    inner.failNext = true;
    const first = await auth.authenticateRequest(activity('http://127.0.0.1:1/c'), '');
    let failed = false;
    await first.connectorFactory!.create('http://127.0.0.1:1/c', undefined).catch(() => (failed = true));
    expect(failed).to.equal(true);
    const second = await auth.authenticateRequest(activity('http://127.0.0.1:1/c'), '');
    await second.connectorFactory!.create('http://127.0.0.1:1/c', undefined);
    expect(inner.created).to.have.length(2);
  });

  it('keeps clients apart for different bots (audience claim)', async () => {
    const inner = new CountingAuthentication({});
    const auth = new CachedConnectorsAuthentication(inner);
    const original = inner.authenticateRequest.bind(inner);
    let bot = 'bot-1';
    inner.authenticateRequest = async (a, h) => ({
      ...(await original(a, h)),
      claimsIdentity: new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: bot }], true),
    });
    await (await auth.authenticateRequest(activity('http://127.0.0.1:1/d'), '')).connectorFactory!.create('http://127.0.0.1:1/d', undefined);
    bot = 'bot-2';
    await (await auth.authenticateRequest(activity('http://127.0.0.1:1/d'), '')).connectorFactory!.create('http://127.0.0.1:1/d', undefined);
    expect(inner.created).to.have.length(2);
  });

  it('builds one user token client per bot, not one per turn', async () => {
    const inner = new CountingAuthentication({});
    let built = 0;
    const original = inner.createUserTokenClient.bind(inner);
    inner.createUserTokenClient = async (claims) => {
      built++;
      return original(claims);
    };
    const auth = new CachedConnectorsAuthentication(inner);
    const claims = (bot: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: bot }], true);
    const a1 = await auth.createUserTokenClient(claims('bot-1'));
    const a2 = await auth.createUserTokenClient(claims('bot-1'));
    const b = await auth.createUserTokenClient(claims('bot-2'));
    expect(a1).to.equal(a2);
    expect(b).to.not.equal(a1);
    expect(built).to.equal(2);
  });
});
