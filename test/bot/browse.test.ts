import { expect } from 'chai';
import { useBotChat } from '../helpers/bot-chat.js';
import { invokeActivity, messageActivity, postActivity } from '../helpers/activities.js';
import { actionSetSizes, actionsOf, executeData, textsOf } from '../helpers/card-json.js';


/** Teams shows at most 6 actions in a set before hiding the rest behind "...". */
const TEAMS_MAX_ACTIONS = 6;
/** Longest button title that shows whole on a 390 px phone screen. */
const SHORT_TITLE = 24;

/** Browsing the guidance in chat, end to end through /api/messages with the fake Bot Connector. */
describe('bot: browsing topics in two levels', () => {
  const chat = useBotChat();
  const { say } = chat;


  async function invoke(data: unknown): Promise<{ status: number; card: any }> {
    const res = await postActivity(chat.server.url, invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: (data as any)?.verb, data } }, chat.o));
    const body = (await res.json().catch(() => undefined)) as any;
    return { status: res.status, card: body?.value };
  }

  /** What a card offers to press: buttons (short titles) and full-width rows. */
  function expectNothingHiddenOrCut(card: any) {
    for (const size of actionSetSizes(card)) expect(size).to.be.at.most(TEAMS_MAX_ACTIONS);
    for (const { where, action } of actionsOf(card)) {
      if (where !== 'selectAction') expect(action.title.length, action.title).to.be.at.most(SHORT_TITLE);
    }
  }

  const stages = () => chat.server.app.knowledge.pack.stages.filter((s) => chat.server.app.knowledge.pack.documents.some((d) => d.stage === s.id));
  const topicsOf = (stageId: string) => chat.server.app.knowledge.pack.documents.filter((d) => d.stage === stageId);

  for (const word of ['help', 'browse', 'Browse topics']) {
    it(`"${word}" shows the stages only, each a row that opens its topics, with nothing hidden or cut`, async () => {
      const card = await say(word);
      expect(card.body[0].text).to.equal('Browse topics');
      const rows = actionsOf(card).filter(({ where }) => where === 'selectAction').map(({ action }) => action.data);
      expect(rows).to.deep.equal(stages().map((s) => ({ verb: 'browse-stage', stageId: s.id })));
      // Two levels: the first names no topics.
      expect(JSON.stringify(card)).not.to.contain('"docId"');
      const texts = textsOf(card);
      for (const s of stages()) expect(texts).to.include(s.title);
      expectNothingHiddenOrCut(card);
    });
  }

  it('a stage shows every one of its topics (the seventh too) and "Back to topics"', async () => {
    const culture = topicsOf('culture-and-concerns');
    expect(culture.length, 'a stage with more topics than Teams shows buttons').to.be.above(TEAMS_MAX_ACTIONS);
    for (const stage of stages()) {
      const { status, card } = await invoke({ verb: 'browse-stage', stageId: stage.id });
      expect(status).to.equal(200);
      expect(card.body[0].text).to.equal(stage.title);
      const rows = actionsOf(card).filter(({ where }) => where === 'selectAction').map(({ action }) => action.data);
      expect(rows).to.deep.equal(topicsOf(stage.id).map((d) => ({ verb: 'browse-open', docId: d.id, stageId: stage.id })));
      for (const d of topicsOf(stage.id)) expect(textsOf(card)).to.include(d.title);
      const back = actionsOf(card).find(({ action }) => action.title === 'Back to topics');
      expect(back?.action.data).to.deep.equal({ verb: 'help' });
      expectNothingHiddenOrCut(card);
    }
    const backed = await invoke(executeData((await invoke({ verb: 'browse-stage', stageId: 'wellbeing' })).card, 'help'));
    expect(backed.card.body[0].text).to.equal('Browse topics');
  });

  it('opening a topic keeps the topics card (saying what opened) and sends the answer below it', async () => {
    const { status, card } = await invoke({ verb: 'browse-open', stageId: 'culture-and-concerns', docId: 'speaking-up' });
    expect(status).to.equal(200);
    expect(card.body[0].text).to.equal('Inclusion, culture and concerns');
    expect(textsOf(card)).to.include('Opened below: Speaking up.');
    expect(actionsOf(card).filter(({ where }) => where === 'selectAction')).to.have.length(topicsOf('culture-and-concerns').length);
    const [sent] = await chat.connector.waitFor((c) => c.length >= 1);
    expect(sent!.kind).to.equal('reply');
    expect(sent!.body.attachments[0].content.body[0].text).to.equal('Speaking up');
  });

  it('from older clients (Action.Submit), opening a topic updates the card and sends the answer', async () => {
    await postActivity(chat.server.url, { ...messageActivity('', chat.o), text: undefined, value: { verb: 'browse-open', stageId: 'joining', docId: 'probation' }, replyToId: 'browse-card-1' });
    const calls = await chat.connector.waitFor((c) => c.length >= 2);
    expect(calls.map((c) => c.kind)).to.deep.equal(['update', 'reply']);
    expect(calls[0]!.activityId).to.equal('browse-card-1');
    expect(textsOf(calls[0]!.body.attachments[0].content)).to.include('Opened below: Probation reviews.');
    expect(calls[1]!.body.attachments[0].content.body[0].text).to.equal('Probation reviews');
  });

  it('refuses malformed or unknown browse actions with 400 and sends nothing', async () => {
    for (const data of [
      { verb: 'browse-stage' },
      { verb: 'browse-stage', stageId: '../../etc' },
      { verb: 'browse-stage', stageId: 'no-such-stage' },
      { verb: 'browse-open', stageId: 'wellbeing' },
      { verb: 'browse-open', stageId: 'wellbeing', docId: 'no-such-document' },
      { verb: 'browse-open', stageId: 'wellbeing', docId: 'Menopause!' },
    ]) {
      expect((await invoke(data)).status, JSON.stringify(data)).to.equal(400);
    }
    expect(chat.connector.calls).to.have.length(0);
    expect((await fetch(`${chat.server.url}/healthz`)).status).to.equal(200);
  });
});
