import { expect } from 'chai';
import { invokeActivity, postActivity, type ActivityOptions } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** The search message extension, end to end through /api/messages: Teams sends composeExtension/query invokes. */
describe('bot: search message extension', () => {
  let server: TestServer;
  let connector: FakeConnector;
  let o: ActivityOptions;

  before(async () => {
    connector = await new FakeConnector().start();
    server = await startTestServer({ PUBLIC_URL: 'https://lma.example.nhs.uk' });
    o = { serviceUrl: connector.url, conversationType: 'groupChat', conversationId: '19:group-chat@thread.v2' };
  });
  after(async () => {
    await server.stop();
    await connector.stop();
  });

  async function query(value: unknown) {
    const res = await postActivity(server.url, invokeActivity('composeExtension/query', value, o));
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  }
  const search = (text: string | undefined, queryOptions: Record<string, number> = { skip: 0, count: 25 }) =>
    query({
      commandId: 'searchGuidance',
      parameters: text === undefined ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'searchQuery', value: text }],
      queryOptions,
    });

  function actionsOf(card: any): any[] {
    const found: any[] = [];
    JSON.stringify(card, (_k, v) => {
      if (v && typeof v.type === 'string' && v.type.startsWith('Action.')) found.push(v);
      return v;
    });
    return found;
  }

  it('returns result cards for a question: a thumbnail preview and an Adaptive Card with the section and a Read in full link', async () => {
    const { status, body } = await search('how do I handle a flexible working request');
    expect(status).to.equal(200);
    expect(body.composeExtension.type).to.equal('result');
    const [first, ...rest] = body.composeExtension.attachments;
    expect(first.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(first.content.version).to.equal('1.5');
    expect(first.content.body[0].text).to.equal('Flexible working');
    // The section the search chose, named on the card and anchored in the link.
    const heading: string = first.content.body[1].text;
    expect(heading).to.be.oneOf(['What to do', 'Refusing a request']);
    const actions = actionsOf(first.content);
    expect(actions.map((a) => a.title)).to.deep.equal(['Read in full', 'Open the source']);
    expect(actions[0].url).to.equal(`https://lma.example.nhs.uk/guidance/flexible-working#${heading.toLowerCase().replace(/\s+/g, '-')}`);
    // Inserted into chats the bot may not be in, so nothing on it calls the bot.
    expect(actions.every((a) => a.type === 'Action.OpenUrl')).to.equal(true);

    expect(first.preview.contentType).to.equal('application/vnd.microsoft.card.thumbnail');
    expect(first.preview.content.title).to.equal('Flexible working');
    expect(first.preview.content.subtitle).to.equal('Absence, leave and flexibility');
    expect(first.preview.content.text).to.be.a('string').and.not.equal('');
    // Related topics follow the answer, each its own card.
    expect(rest.length).to.be.within(1, 3);
    expect(rest.map((a: any) => a.content.body[0].text)).not.to.include('Flexible working');
  });

  it('offers every topic in life-cycle order before anything is typed, a page at a time', async () => {
    const docs = server.app.knowledge.pack.documents.length;
    const stages = server.app.knowledge.pack.stages;
    const first = await search(undefined, { skip: 0, count: 10 });
    expect(first.status).to.equal(200);
    const page1 = first.body.composeExtension.attachments;
    expect(page1).to.have.length(10);
    expect(page1[0].preview.content.subtitle).to.equal(stages[0]!.title);
    const all = await search('', { skip: 0, count: 100 });
    const titles = all.body.composeExtension.attachments.map((a: any) => a.preview.content.title);
    expect(titles).to.have.length(docs);
    expect(new Set(titles).size).to.equal(docs);
    const order = all.body.composeExtension.attachments.map((a: any) => stages.findIndex((s) => s.title === a.preview.content.subtitle));
    expect(order.every((v: number) => v >= 0)).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
    const page2 = await search(undefined, { skip: 10, count: 10 });
    expect(page2.body.composeExtension.attachments[0].preview.content.title).to.equal(titles[10]);
    const past = await search(undefined, { skip: docs, count: 10 });
    expect(past.body.composeExtension).to.deep.equal({ type: 'message', text: 'No more guidance to show.' });
  });

  it('says why there is nothing for a clinical or unknown question, instead of guessing', async () => {
    const clinical = await search('what dose of sertraline should my nurse take');
    expect(clinical.status).to.equal(200);
    expect(clinical.body.composeExtension.type).to.equal('message');
    expect(clinical.body.composeExtension.text).to.contain("I can't help with clinical questions");
    const unknown = await search('who won the football last night');
    expect(unknown.body.composeExtension.text).to.contain("That isn't something I can help with");
  });

  it('refuses a malformed query with 400, keeps serving, and never logs what was typed', async () => {
    const bad: unknown[] = [
      { commandId: 'deleteEverything', parameters: [{ name: 'searchQuery', value: 'sickness' }] },
      { commandId: 'searchGuidance', parameters: 'sickness' },
      { commandId: 'searchGuidance', parameters: [{ name: 'searchQuery', value: { nested: true } }] },
      { commandId: 'searchGuidance', queryOptions: { skip: -1, count: 25 } },
      { commandId: 'searchGuidance', queryOptions: { skip: 0, count: 1e9 } },
      { parameters: [{ name: 'searchQuery', value: 'sickness' }] },
      'sickness',
      null,
    ];
    for (const value of bad) {
      const res = await query(value);
      expect(res.status, JSON.stringify(value)).to.equal(400);
    }
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    expect((await search('menopause support')).status).to.equal(200);
    const logs = server.logs.join('\n');
    expect(logs).to.contain('message extension query refused');
    expect(logs).not.to.contain('menopause support');
    expect(logs).not.to.contain('flexible working request');
  });
});
