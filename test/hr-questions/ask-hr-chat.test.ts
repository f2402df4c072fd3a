import { expect } from 'chai';
import { botAddedActivity, invokeActivity, messageActivity, postActivity, type ActivityOptions } from '../helpers/activities.js';
import { FakeConnector, type RecordedCall } from '../helpers/fake-connector.js';
import { requirePostgres } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * Ask HR end to end through /api/messages with the fake Bot Connector: the
 * manager's form, the HR channel's ticket card, Assign / refresh / Reply in
 * the channel, the answer in the manager's chat, "I still need help".
 */
const MANAGER = { id: '29:wendy', name: 'Wendy Ward', email: 'ward.manager@nhs.net', userPrincipalName: 'ward.manager@nhs.net', aadObjectId: 'aad-wendy' };
const OTHER = { id: '29:olu', name: 'Olu Other', email: 'other.manager@nhs.net', userPrincipalName: 'other.manager@nhs.net', aadObjectId: 'aad-olu' };
const HANNA = { id: '29:hanna', name: 'Hanna HR', aadObjectId: 'aad-hanna' };
const RAJ = { id: '29:raj', name: 'Raj HR', aadObjectId: 'aad-raj' };
const HR_TEAM = { id: '19:hr-team@thread.tacv2', name: 'HR advice' };

/** The HR team's channel: a button pressed there carries the team in channelData. */
function inHrChannel(url: string, user: { id: string; name: string; aadObjectId: string }): ActivityOptions & { channelData: unknown } {
  return { serviceUrl: url, userId: user.id, userName: user.name, aadObjectId: user.aadObjectId, conversationId: `${HR_TEAM.id};messageid=1`, conversationType: 'channel', channelData: { team: HR_TEAM, tenant: { id: 'tenant-1' } } };
}

function personal(url: string, user: typeof MANAGER): ActivityOptions {
  return { serviceUrl: url, userId: user.id, userName: user.name, aadObjectId: user.aadObjectId, conversationId: `a:${user.id}` };
}

/** An Action.Execute (or a refresh, trigger automatic) as Teams sends it; the status and the card or error text. */
async function execute(server: TestServer, o: ActivityOptions & { channelData?: unknown }, data: unknown, trigger = 'manual'): Promise<{ status: number; card: any; text: string }> {
  const activity = invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: (data as { verb?: string }).verb, data }, trigger }, o);
  const res = await postActivity(server.url, o.channelData ? { ...activity, channelData: o.channelData } : activity);
  const body = (await res.json()) as { value?: unknown };
  return { status: res.status, card: body.value, text: JSON.stringify(body.value) };
}

const cardsOf = (calls: RecordedCall[]) => calls.map((c) => ({ kind: c.kind, conversationId: c.conversationId, card: c.body?.attachments?.[0]?.content }));
const texts = (card: any) => JSON.stringify(card);

describe('Ask HR in chat, end to end (fake Bot Connector)', function () {
  let connector: FakeConnector;
  let server: TestServer;

  before(async () => {
    connector = await new FakeConnector().start();
    for (const m of [MANAGER, OTHER]) connector.members.set(m.id, { ...m });
    server = await startTestServer({ NUDGE_RATE_PER_SECOND: '0', HR_TEAM_ID: HR_TEAM.id });
    // The HR team adds the bot: its channel is captured. The managers install it in personal chat.
    await postActivity(server.url, { ...botAddedActivity(inHrChannel(connector.url, HANNA)), channelData: { team: HR_TEAM, tenant: { id: 'tenant-1' } } });
    for (const m of [MANAGER, OTHER]) await postActivity(server.url, botAddedActivity(personal(connector.url, m)));
    await connector.waitFor((c) => c.length >= 2);
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });
  beforeEach(() => (connector.calls.length = 0));

  it('a manager asks, the HR channel gets the card, assign / refresh / reply, the answer reaches the manager, "I still need help" reopens it', async () => {
    // "ask HR ..." opens the form with the question filled in and the plain statement about their name.
    await postActivity(server.url, messageActivity('ask HR can I carry over more than five days of annual leave?', personal(connector.url, MANAGER)));
    const [formCall] = await connector.waitFor((c) => c.length >= 1);
    const form = formCall!.body.attachments[0].content;
    const question = form.body.find((b: any) => b.id === 'question');
    expect(question).to.include({ type: 'Input.Text', label: 'Your question', value: 'can I carry over more than five days of annual leave?' });
    expect(form.body.find((b: any) => b.id === 'detail').label).to.equal('More detail (optional)');
    expect(texts(form)).to.contain('HR will see your name');
    const send = form.actions.find((a: any) => a.verb === 'hr-ask-send').data;
    connector.calls.length = 0;

    const sent = await execute(server, personal(connector.url, MANAGER), { ...send, question: question.value, detail: 'Ward 7, a nurse back from long-term sick leave' });
    expect(sent.status).to.equal(200);
    expect(sent.card.body[0].text).to.equal('Sent to HR, reference HR-0001');
    expect(sent.text).to.contain("You'll get the answer here");

    // The ticket card reaches the HR channel (sent in the background, once).
    await connector.waitFor((c) => c.some((x) => x.kind === 'send' && x.conversationId === HR_TEAM.id));
    const posted = cardsOf(connector.calls).filter((c) => c.conversationId === HR_TEAM.id && c.kind === 'send');
    expect(posted).to.have.length(1);
    const ticketCard = posted[0]!.card;
    expect(texts(ticketCard)).to.contain('HR-0001: a question for HR').and.contain('Wendy Ward').and.contain('Ward 7, a nurse back');
    expect(ticketCard.refresh.action.verb).to.equal('hr-refresh');
    const assign = ticketCard.actions.find((a: any) => a.title === 'Assign to me').data;
    expect(assign.version).to.equal(1);
    connector.calls.length = 0;

    // Hanna assigns it to herself from the channel; the card is redrawn for everyone (updated in place).
    const assigned = await execute(server, inHrChannel(connector.url, HANNA), assign);
    expect(assigned.status).to.equal(200);
    expect(assigned.text).to.contain('Assigned to Hanna HR').and.not.contain('Assign to me');
    await connector.waitFor((c) => c.some((x) => x.kind === 'update'));
    const updates = cardsOf(connector.calls).filter((c) => c.kind === 'update');
    expect(updates).to.have.length(1);
    expect(texts(updates[0]!.card)).to.contain('Assigned to Hanna HR');
    expect(updates[0]!.card.refresh.userIds).to.include(HANNA.id);

    // Raj's card is stale: opening it refreshes it; pressing its Assign changes nothing and says so.
    const refreshed = await execute(server, inHrChannel(connector.url, RAJ), ticketCard.refresh.action.data, 'automatic');
    expect(refreshed.status).to.equal(200);
    expect(refreshed.text).to.contain('Assigned to Hanna HR');
    const stale = await execute(server, inHrChannel(connector.url, RAJ), assign);
    expect(stale.text).to.contain('Already taken').and.contain('Assigned to Hanna HR');

    // Hanna replies: the answer card goes to Wendy's personal chat.
    connector.calls.length = 0;
    const reply = refreshed.card.actions.find((a: any) => a.title === 'Reply').card.actions[0].data;
    // A guide that does not exist is refused on the card, and nothing is sent.
    const noGuide = await execute(server, inHrChannel(connector.url, HANNA), { ...reply, reply: 'Yes.', addToGuide: 'true', guideDoc: 'no-such-guide' });
    expect(noGuide.text).to.contain('Nothing changed. Guide: choose the guide');
    expect((await server.app.store.tickets.byNumber(1))!.status).to.equal('assigned');
    // Hanna replies and ticks "add this question to a guide": the teach loop publishes it.
    const guides = refreshed.card.actions.find((a: any) => a.title === 'Reply').card.body.find((b: any) => b.id === 'guideDoc').choices;
    expect(guides.map((g: any) => g.value)).to.include('rest-and-recovery');
    const replied = await execute(server, inHrChannel(connector.url, HANNA), { ...reply, reply: 'Yes: up to five days, or more with your manager\'s agreement.', addToGuide: 'true', guideDoc: 'rest-and-recovery' });
    expect(replied.text).to.contain('Answered by Hanna HR').and.contain('Added to');
    const attached = (await server.app.store.audit.list(30)).find((e) => e.action === 'attach-question');
    expect(attached).to.deep.include({ actor: 'Hanna HR', target: 'rest-and-recovery' });
    await connector.waitFor((c) => c.some((x) => x.kind === 'send' && x.conversationId === `a:${MANAGER.id}`));
    const answer = cardsOf(connector.calls).find((c) => c.conversationId === `a:${MANAGER.id}`)!.card;
    expect(answer.body[0].text).to.equal('HR answered your question (HR-0001)');
    expect(texts(answer)).to.contain('up to five days').and.contain('Answered by Hanna HR');
    expect(answer.actions.map((a: any) => a.title)).to.deep.equal(['This answered my question', 'I still need help']);

    // "I still need help": back to Hanna, and the channel's card says so.
    connector.calls.length = 0;
    const reopen = answer.actions[1].card.actions[0].data;
    const reopened = await execute(server, personal(connector.url, MANAGER), { ...reopen, followUp: 'It is about bank staff.' });
    expect(reopened.text).to.contain('HR-0001 is back with HR');
    await connector.waitFor((c) => c.some((x) => x.kind === 'update'));
    const after = cardsOf(connector.calls).filter((c) => c.kind === 'update').at(-1)!.card;
    expect(texts(after)).to.contain('Assigned to Hanna HR (the manager still needs help)').and.contain('It is about bank staff.');
    const ticket = await server.app.store.tickets.byNumber(1);
    expect(ticket).to.include({ status: 'assigned', reopened: 1 });
    expect(ticket!.firstResponseAt).to.be.a('string');

    // Nothing the manager or HR wrote is in the logs.
    expect(server.logs.join('\n')).not.to.match(/five days|bank staff|Ward 7, a nurse/);
  });

  it('my questions lists only my own, and I can withdraw one; someone else\'s is refused', async () => {
    await postActivity(server.url, messageActivity('ask hr: who signs off a secondment?', personal(connector.url, OTHER)));
    const [f] = (await connector.waitFor((c) => c.some((x) => x.conversationId === `a:${OTHER.id}`))).filter((x) => x.conversationId === `a:${OTHER.id}`);
    const data = f!.body.attachments[0].content.actions[0].data;
    const sent = await execute(server, personal(connector.url, OTHER), { ...data, question: 'Who signs off a secondment?' });
    const reference = /HR-\d{4}/.exec(sent.text)![0];
    await server.app.ticketDelivery.runNow();
    connector.calls.length = 0;
    await postActivity(server.url, messageActivity('my questions', personal(connector.url, OTHER)));
    const toOlu = (c: RecordedCall[]) => c.filter((x) => x.conversationId === `a:${OTHER.id}`);
    const [list] = toOlu(await connector.waitFor((c) => toOlu(c).length >= 1));
    const card = list!.body.attachments[0].content;
    expect(texts(card)).to.contain(`${reference}: Waiting for HR`).and.not.contain('carry over');
    const withdraw = card.body.flatMap((b: any) => b.items ?? []).find((i: any) => i.type === 'ActionSet').actions[0].data;
    // Wendy cannot withdraw Olu's question.
    const forged = await execute(server, personal(connector.url, MANAGER), withdraw);
    expect(forged.status).to.equal(400);
    expect(forged.text).to.contain('not one of yours');
    const done = await execute(server, personal(connector.url, OTHER), withdraw);
    expect(done.text).to.contain(`${reference} is withdrawn`).and.contain(`${reference}: Withdrawn`);
  });

  it('bad input: an empty question and 10,000 characters come back on the form saying what to fix; forged ids, bad payloads and non-HR clicks get 400', async () => {
    const formId = '6f1d2c1e-8d7a-4c3b-9a41-3b8d5e0c2a11';
    const empty = await execute(server, personal(connector.url, MANAGER), { verb: 'hr-ask-send', formId, question: '   ' });
    expect(empty.status).to.equal(200);
    expect(empty.text).to.contain('Nothing was sent').and.contain('Your question: write the question');
    const long = await execute(server, personal(connector.url, MANAGER), { verb: 'hr-ask-send', formId, question: 'x'.repeat(10_000) });
    expect(long.text).to.contain('use at most 1,000 characters (you wrote 10,000)');
    expect(long.card.body.find((b: any) => b.id === 'question').value).to.have.length(1000);
    const tickets = await server.app.store.tickets.countByStatus();
    const forged = await execute(server, inHrChannel(connector.url, HANNA), { verb: 'hr-assign', ticketId: '00000000-0000-4000-8000-000000000000', version: 1 });
    expect(forged.status).to.equal(400);
    expect(forged.text).to.contain('no such question');
    const badId = await execute(server, inHrChannel(connector.url, HANNA), { verb: 'hr-assign', ticketId: "1' or 1=1", version: 1 });
    expect(badId.status).to.equal(400);
    expect(badId.text).to.contain('ticketId');
    const ticket = (await server.app.store.tickets.list({ limit: 1 }))[0]!;
    // A manager pressing an HR button (not in the HR team, not an HR admin) is refused.
    const notHr = await execute(server, personal(connector.url, OTHER), { verb: 'hr-assign', ticketId: ticket.id, version: ticket.version });
    expect(notHr.status).to.equal(400);
    expect(notHr.text).to.contain('only HR');
    expect(notHr.text).not.to.match(/at |\.ts|stack/);
    expect(await server.app.store.tickets.countByStatus()).to.deep.equal(tickets);
  });
});

describe('Ask HR on two instances sharing PostgreSQL', function () {
  let connector: FakeConnector;
  let servers: TestServer[] = [];

  before(async function () {
    const url = await requirePostgres(this);
    connector = await new FakeConnector().start();
    servers = [];
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ NUDGE_RATE_PER_SECOND: '0', HR_TEAM_ID: HR_TEAM.id, DATABASE_URL: url }));
    await postActivity(servers[0]!.url, { ...botAddedActivity(inHrChannel(connector.url, HANNA)), channelData: { team: HR_TEAM, tenant: { id: 'tenant-1' } } });
  });
  after(async () => {
    for (const s of servers) await s.stop();
    await connector?.stop();
  });

  it('two simultaneous Assign clicks on two instances: one owner, one "already taken"; numbers never repeat', async () => {
    const formIds = ['0d3c9a4e-1b7f-4c2a-8e5d-6f9b2a1c3e01', '0d3c9a4e-1b7f-4c2a-8e5d-6f9b2a1c3e02', '0d3c9a4e-1b7f-4c2a-8e5d-6f9b2a1c3e03', '0d3c9a4e-1b7f-4c2a-8e5d-6f9b2a1c3e04'];
    const asked = await Promise.all(
      formIds.map((formId, i) => execute(servers[i % 2]!, personal(connector.url, MANAGER), { verb: 'hr-ask-send', formId, question: `Question ${i}?` })),
    );
    const refs = asked.map((a) => /HR-\d{4}/.exec(a.text)![0]);
    expect(new Set(refs).size).to.equal(4);
    const ticket = (await servers[0]!.app.store.tickets.list({ limit: 1 }))[0]!;
    const click = { verb: 'hr-assign', ticketId: ticket.id, version: ticket.version };
    const [a, b] = await Promise.all([execute(servers[0]!, inHrChannel(connector.url, HANNA), click), execute(servers[1]!, inHrChannel(connector.url, RAJ), click)]);
    expect([a.status, b.status]).to.deep.equal([200, 200]);
    const taken = [a, b].filter((r) => r.text.includes('Already taken'));
    expect(taken).to.have.length(1);
    const owner = (await servers[1]!.app.store.tickets.get(ticket.id))!.assignee!.name;
    expect([a, b].find((r) => !r.text.includes('Already taken'))!.text).to.contain(`Assigned to ${owner}`);
    expect(taken[0]!.text).to.contain(`Assigned to ${owner}`);
    // The channel card for this ticket was posted once, by whichever instance claimed it.
    await Promise.all(servers.map((s) => s.app.ticketDelivery.runNow()));
    expect(connector.calls.filter((c) => c.kind === 'send' && c.conversationId === HR_TEAM.id)).to.have.length(4);
  });
});
