import { expect } from 'chai';
import { botAddedActivity, messageActivity, postActivity } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('HTTP service (real server on a free port, SQLite)', () => {
  let server: TestServer;
  let connector: FakeConnector;

  beforeEach(async () => {
    connector = await new FakeConnector().start();
    server = await startTestServer();
  });

  afterEach(async () => {
    await server.stop();
    await connector.stop();
  });

  it('answers /healthz with 200', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz with 200 when the store answers and content is loaded', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).to.equal(200);
  });

  it('answers /readyz with 503 and a reason once the store is gone', async () => {
    await server.app.store.close();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).to.equal(503);
    const body = (await res.json()) as { reason: string };
    expect(body.reason).to.match(/^store: /);
  });

  it('replies to a message at the activity serviceUrl', async () => {
    const res = await postActivity(server.url, messageActivity('someone rang in sick', { serviceUrl: connector.url }));
    expect(res.status).to.be.oneOf([200, 201, 202]);
    const calls = await connector.waitFor((c) => c.length >= 1);
    expect(calls[0]!.kind).to.equal('reply');
    expect(calls[0]!.conversationId).to.equal('a:personal-conversation-1');
    expect(calls[0]!.body.type).to.equal('message');
  });

  it('greets when installed in personal scope', async () => {
    await postActivity(server.url, botAddedActivity({ serviceUrl: connector.url }));
    const calls = await connector.waitFor((c) => c.length >= 1);
    const card = calls[0]!.body.attachments[0];
    expect(card.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card.content)).to.contain('Welcome to the Line Manager Assistant');
  });

  it('does not greet a whole channel when added to a team', async () => {
    await postActivity(server.url, botAddedActivity({ serviceUrl: connector.url, conversationType: 'channel' }));
    await postActivity(server.url, messageActivity('hello', { serviceUrl: connector.url }));
    // A turn's replies are sent before its HTTP answer, so anything the channel greeting sent is in already.
    const calls = await connector.waitFor((c) => c.length >= 1);
    expect(calls).to.have.length(1);
    expect(calls[0]!.body.replyToId).to.be.a('string');
  });

  it('refuses an oversized body with 413 and reaches no handler', async () => {
    const huge = messageActivity('x'.repeat(300 * 1024), { serviceUrl: connector.url });
    const res = await postActivity(server.url, huge);
    expect(res.status).to.equal(413);
    // A handler replies before the HTTP answer goes, so had one run, its call would be recorded by now.
    expect(connector.calls).to.have.length(0);
  });

  it('never writes message text to the log', async () => {
    const secretText = 'my-private-question-about-a-colleague';
    await postActivity(server.url, messageActivity(secretText, { serviceUrl: connector.url }));
    await connector.waitFor((c) => c.length >= 1);
    expect(server.logs.length).to.be.greaterThan(0);
    expect(server.logs.join('\n')).not.to.contain(secretText);
  });

  it('finishes in-flight requests on shutdown and then stops accepting', async () => {
    // The connector answers slowly, so the bot is still working on the message when shutdown starts.
    connector.delayMs = 400;
    const inFlight = postActivity(server.url, messageActivity('question', { serviceUrl: connector.url }));
    // Shut down once the bot's reply has reached Teams and is held there: the request is mid-turn.
    await connector.waitFor(() => connector.received >= 1);
    await server.app.close();
    const res = await inFlight;
    expect(res.status).to.be.oneOf([200, 201, 202]);
    const after = await fetch(`${server.url}/healthz`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(after).to.equal('refused');
  });
});
