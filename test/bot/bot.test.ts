import { expect } from 'chai';
import { botAddedActivity, invokeActivity, messageActivity, postActivity, type ActivityOptions } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** End to end through /api/messages: the real server, the fake Bot Connector on loopback. */
describe('bot: answering questions in Teams', () => {
  let server: TestServer;
  let connector: FakeConnector;
  let o: ActivityOptions;

  before(async () => {
    connector = await new FakeConnector().start();
    server = await startTestServer();
    o = { serviceUrl: connector.url };
  });
  after(async () => {
    await server.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.calls.length = 0;
  });

  async function ask(text: string, opts: Partial<ActivityOptions> & { entities?: unknown[] } = {}) {
    const activity = { ...messageActivity(text, { ...o, ...opts }), ...(opts.entities ? { entities: opts.entities } : {}) };
    const res = await postActivity(server.url, activity);
    expect(res.status).to.be.below(300);
    const [call] = await connector.waitFor((c) => c.length >= 1);
    return call!;
  }

  function cardOf(body: any): any {
    const attachment = body.attachments?.[0];
    expect(attachment?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    return attachment.content;
  }

  function executeData(card: any, verb: string): any {
    let found: any;
    JSON.stringify(card, (_k, v) => {
      if (!found && v && v.type === 'Action.Execute' && v.verb === verb) found = v.data;
      return v;
    });
    return found;
  }

  async function invoke(data: unknown, type = 'Action.Execute') {
    const res = await postActivity(server.url, invokeActivity('adaptiveCard/action', { action: { type, verb: (data as any)?.verb, data } }, o));
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  }

  it('answers a question with an answer card: title, steps, source, review date, feedback', async () => {
    const call = await ask('someone rang in sick this morning, what do I do?');
    const card = cardOf(call.body);
    const json = JSON.stringify(card);
    expect(card.body[0].text).to.equal('Managing sickness absence');
    expect(json).to.contain('Last reviewed');
    expect(json).to.contain('nhsemployers.org');
    expect(executeData(card, 'feedback')).to.include({ docId: 'sickness-absence', helpful: true });
  });

  it('asks which topic when the question is ambiguous (clarify card)', async () => {
    // A people question that names no topic: weak evidence for every guide.
    const question = 'a problem with one of my staff';
    const card = cardOf((await ask(question)).body);
    expect(card.body[0].text).to.equal('Did you mean one of these?');
    // HR sees it among the questions to teach: the assistant had to ask which guide was meant.
    await server.app.questionLog.flush();
    expect((await server.app.store.listUnanswered(50)).map((u) => u.text)).to.include(question);
    // The buttons are the guides the ranking likes best, in its order.
    const offered = [...JSON.stringify(card).matchAll(/"docId":"([a-z-]+)"/g)].map((m) => m[1]);
    const ranked = server.app.knowledge.ranker.rank(question).hits.map((h) => h.docId);
    expect(offered.length).to.be.within(2, 3);
    expect(offered).to.deep.equal(ranked.slice(0, offered.length));
  });

  it('says plainly when it does not know (not-found card with the HR contact)', async () => {
    const card = cardOf((await ask('who won the football last night')).body);
    const json = JSON.stringify(card);
    expect(json).to.contain("That isn't something I can help with");
    expect(json).to.contain('Who to contact');
    await server.app.questionLog.flush();
    const unanswered = await server.app.store.listUnanswered(10);
    expect(unanswered.map((u) => u.text)).to.include('who won the football last night');
  });

  describe('a message about someone at risk', () => {
    const mention = { type: 'mention', mentioned: { id: '28:bot-id', name: 'Line Manager Assistant' }, text: '<at>Line Manager Assistant</at>' };
    const channel = { conversationType: 'channel' as const, conversationId: '19:channel@thread.skype' };

    function expectCrisisCard(card: any) {
      const json = JSON.stringify(card);
      expect(card.body[0].text).to.equal('If someone may be at risk, act now');
      for (const route of ['999', 'NHS 111 and choose option 2', '116 123', 'Text SHOUT to 85258']) expect(json).to.contain(route);
      // Then the guide: the stress and mental health guide's crisis section.
      expect(json).to.contain('If someone is in crisis');
      expect(executeData(card, 'show')).to.include({ docId: 'stress-and-mental-health' });
    }

    for (const text of ['my nurse said she can\'t go on and has a plan to end it', 'one of my staff said she wants to kill herself']) {
      it(`gets the crisis card first in personal chat: "${text}"`, async () => {
        expectCrisisCard(cardOf((await ask(text)).body));
      });
    }

    it('gets the crisis card through an @mention in a channel', async () => {
      const call = await ask('<at>Line Manager Assistant</at> one of my porters has been giving his things away and saying goodbye', { ...channel, entities: [mention] });
      expectCrisisCard(cardOf(call.body));
    });

    it('keeps no text of a crisis message for HR, and still counts it', async () => {
      const text = 'my band 5 told me she wishes she could go to sleep and not wake up';
      expectCrisisCard(cardOf((await ask(text)).body));
      await server.app.questionLog.flush();
      const unanswered = await server.app.store.listUnanswered(50);
      expect(unanswered.map((u) => u.text)).not.to.include(text);
    });

    for (const text of ['how can I kill two birds with one stone on the rota', 'my HCA is dying to get on the course, how do I support her development']) {
      it(`does not raise the alarm for an idiom: "${text}"`, async () => {
        const card = cardOf((await ask(text)).body);
        expect(card.body[0].text).not.to.equal('If someone may be at risk, act now');
      });
    }
  });

  it('declines a clinical question', async () => {
    const card = cardOf((await ask('what dose of sertraline should my nurse take')).body);
    expect(JSON.stringify(card)).to.contain("I can't help with clinical questions");
  });

  it('shows the browse card for "help"', async () => {
    const card = cardOf((await ask('help')).body);
    expect(card.body[0].text).to.equal('Browse topics');
  });

  it('in a channel, answers only when @mentioned, with the mention removed', async () => {
    const channel = { conversationType: 'channel' as const, conversationId: '19:channel@thread.skype' };
    // The turn is over when its HTTP answer comes, and a turn sends its replies before that.
    await postActivity(server.url, messageActivity('menopause support', { ...o, ...channel }));
    expect(connector.calls).to.have.length(0);

    const mention = { type: 'mention', mentioned: { id: '28:bot-id', name: 'Line Manager Assistant' }, text: '<at>Line Manager Assistant</at>' };
    const call = await ask('<at>Line Manager Assistant</at> menopause support', { ...channel, entities: [mention] });
    expect(cardOf(call.body).body[0].text).to.equal('Menopause at work');
  });

  it('records feedback and updates the card in place; a second click changes nothing', async () => {
    const card = cardOf((await ask('how do I refer someone to occupational health')).body);
    const data = executeData(card, 'feedback');
    const first = await invoke(data);
    expect(first.status).to.equal(200);
    expect(first.body.type).to.equal('application/vnd.microsoft.card.adaptive');
    const updated = JSON.stringify(first.body.value);
    expect(updated).to.contain('you said this was helpful');
    expect(updated).not.to.contain('"verb":"feedback"');

    const second = await invoke({ ...data, helpful: false, comment: 'changed my mind' });
    expect(second.status).to.equal(200);
    expect(JSON.stringify(second.body.value)).to.contain('you said this was helpful');
    expect(await server.app.store.feedbackFor(data.answerId)).to.deep.equal({ helpful: true });
  });

  it('opens a related topic or a clarify candidate in place', async () => {
    const res = await invoke({ verb: 'show', docId: 'flexible-working' });
    expect(res.status).to.equal(200);
    expect(res.body.value.body[0].text).to.equal('Flexible working');
  });

  it('refuses malformed card actions with 400 and keeps serving', async () => {
    const bad = [
      { verb: 'feedback', answerId: 'not-a-uuid', docId: 'menopause', section: 'what-to-do', helpful: true },
      { verb: 'show', docId: '../../etc/passwd' },
      { verb: 'delete-everything' },
      'just a string',
      null,
    ];
    for (const data of bad) {
      const res = await invoke(data);
      expect(res.status, JSON.stringify(data)).to.equal(400);
      expect(res.body.type).to.equal('application/vnd.microsoft.error');
    }
    expect((await invoke({ verb: 'help' }, 'Action.Submit')).status).to.equal(400);
    const noAction = await postActivity(server.url, invokeActivity('adaptiveCard/action', {}, o));
    expect(noAction.status).to.equal(400);
    expect((await invoke({ verb: 'show', docId: 'no-such-document' })).status).to.equal(400);
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    expect(server.logs.join('\n')).to.contain('card action refused');
  });

  it('handles Action.Submit from older clients by updating the card message', async () => {
    const card = cardOf((await ask('exit interview')).body);
    const data = executeData(card, 'feedback');
    connector.calls.length = 0;
    await postActivity(server.url, { ...messageActivity('', o), text: undefined, value: data, replyToId: 'card-activity-1' });
    const [call] = await connector.waitFor((c) => c.length >= 1);
    expect(call!.kind).to.equal('update');
    expect(call!.activityId).to.equal('card-activity-1');
    expect(JSON.stringify(call!.body)).to.contain('you said this was helpful');

    connector.calls.length = 0;
    await postActivity(server.url, { ...messageActivity('', o), text: undefined, value: { verb: 'nonsense' } });
    const [refusal] = await connector.waitFor((c) => c.length >= 1);
    expect(refusal!.body.text).to.contain('could not be used');
  });

  it('welcomes with a card on install', async () => {
    await postActivity(server.url, botAddedActivity(o));
    const [call] = await connector.waitFor((c) => c.length >= 1);
    expect(JSON.stringify(cardOf(call!.body))).to.contain('Welcome to the Line Manager Assistant');
  });

  it('keeps question text out of the logs', async () => {
    await ask('a very private question about my colleague Priya');
    expect(server.logs.join('\n')).not.to.contain('Priya');
  });

  it('serves the read-in-full page with security headers and escaped content', async () => {
    const res = await fetch(`${server.url}/guidance/menopause`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-security-policy')).to.contain("frame-ancestors 'self' https://teams.microsoft.com");
    const html = await res.text();
    expect(html).to.contain('<h1>Menopause at work</h1>');
    expect(html).to.contain('id="what-to-do"');
    expect((await fetch(`${server.url}/guidance/nope`)).status).to.equal(404);
  });
});
