import { expect } from 'chai';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createMessenger } from '../../src/bot/messenger.js';
import { SendError } from '../../src/nudges/dispatcher.js';
import { FakeConnector } from '../helpers/fake-connector.js';

/** The messenger makes one HTTP attempt per send, with a deadline: retries are the dispatcher's. */
describe('messenger', () => {
  let connector: FakeConnector;
  beforeEach(async () => (connector = await new FakeConnector().start()));
  afterEach(async () => connector.stop());

  const messenger = () => createMessenger(new ConfigurationBotFrameworkAuthentication({}), '', { sendTimeoutMs: 300 });
  const reference = () => ({ channelId: 'msteams', serviceUrl: connector.url, conversation: { id: 'a:conv-1' }, bot: { id: '28:bot' }, user: { id: '29:u1' } });
  const sendError = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as SendError;
    }
    throw new Error('the send did not fail');
  };

  it('sends a card and returns the activity id', async () => {
    const { activityId } = await messenger().send(reference(), { type: 'AdaptiveCard', version: '1.5', body: [] });
    expect(activityId).to.match(/^act-/);
    expect(connector.activities).to.have.length(1);
  });

  it('gives up after the send timeout when the connector does not answer', async () => {
    connector.faults = () => ({ kind: 'hang' });
    const started = Date.now();
    const err = await sendError(messenger().send(reference(), { type: 'AdaptiveCard' }));
    // Not early (a busy machine can only make it later, so there is no upper bound here).
    expect(Date.now() - started).to.be.at.least(250);
    expect(err).to.be.instanceOf(SendError);
    expect(err.status).to.equal(0);
    expect(err.message).to.equal('no answer within 300 ms');
  });

  it('reports a 500, a reset and a 429 with its Retry-After after one attempt each (no hidden client retries)', async () => {
    const faults = [{ kind: 'status', status: 500 }, { kind: 'reset' }, { kind: 'status', status: 429, headers: { 'retry-after': '7' } }] as const;
    let calls = 0;
    connector.faults = () => faults[calls++];
    const m = messenger();
    expect((await sendError(m.send(reference(), {}))).status).to.equal(500);
    const reset = await sendError(m.send(reference(), {}));
    expect(reset.status).to.equal(0);
    expect(reset.message).to.equal('ECONNRESET');
    const throttled = await sendError(m.send(reference(), {}));
    expect(throttled.status).to.equal(429);
    expect(throttled.retryAfterMs).to.equal(7000);
    expect(calls).to.equal(3);
  });
});
