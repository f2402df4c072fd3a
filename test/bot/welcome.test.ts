import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { useBotChat } from '../helpers/bot-chat.js';
import { WELCOME_STARTERS } from '../../src/bot/prompt-starters.js';
import { botAddedActivity, invokeActivity, messageActivity, postActivity } from '../helpers/activities.js';
import { actionsOf, textsOf } from '../helpers/card-json.js';
import { REPO_ROOT } from '../helpers/test-server.js';

/** The first week in chat: tappable starters on the welcome, under it and in the compose box (the manifest's prompt starters). */
describe('bot: the welcome and prompt starters', () => {
  const chat = useBotChat();
  const { say } = chat;


  it('welcomes in personal chat with the starters as buttons on the card and as suggested replies under it', async () => {
    await postActivity(chat.server.url, botAddedActivity(chat.o));
    const [call] = await chat.connector.waitFor((c) => c.length >= 1);
    const card = call!.body.attachments[0].content;
    expect(textsOf(card)).to.include('Welcome to the Line Manager Assistant');
    const asks = actionsOf(card).filter(({ action }) => action.verb === 'ask');
    expect(asks.map(({ action }) => [action.type, action.title, action.data.question])).to.deep.equal(WELCOME_STARTERS.map((s) => ['Action.Execute', s.title, s.prompt]));
    // One button per set, so each shows at full width on a phone, never behind "...".
    expect(asks.every(({ where }) => where === 'actionSet')).to.equal(true);
    const suggested = call!.body.suggestedActions?.actions ?? [];
    expect(suggested.map((a: any) => [a.type, a.title, a.value])).to.deep.equal([
      ...WELCOME_STARTERS.map((s) => ['imBack', s.title, s.prompt]),
      ['imBack', 'Browse topics', 'Browse topics'],
    ]);
  });

  it('in a group chat, welcomes without suggested replies (they are for one person)', async () => {
    await postActivity(chat.server.url, botAddedActivity({ ...chat.o, conversationType: 'groupChat', conversationId: '19:group@thread.v2' }));
    const [call] = await chat.connector.waitFor((c) => c.length >= 1);
    expect(textsOf(call!.body.attachments[0].content)).to.include('Welcome to the Line Manager Assistant');
    expect(call!.body.suggestedActions).to.equal(undefined);
  });

  it('a starter button keeps the welcome card and sends the answer below it', async () => {
    const res = await postActivity(chat.server.url, invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'ask', data: { verb: 'ask', question: WELCOME_STARTERS[0]!.prompt } } }, chat.o));
    expect(res.status).to.equal(200);
    expect(textsOf(((await res.json()) as any).value)).to.include('Welcome to the Line Manager Assistant');
    const [sent] = await chat.connector.waitFor((c) => c.length >= 1);
    expect(sent!.body.attachments[0].content.body[0].text).to.equal('Managing sickness absence');
  });

  it('refuses a starter button with no question or an overlong one', async () => {
    for (const question of [undefined, '', '   ', 'x'.repeat(201), 42]) {
      const res = await postActivity(chat.server.url, invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'ask', data: { verb: 'ask', question } } }, chat.o));
      expect(res.status, String(question)).to.equal(400);
    }
    expect(chat.connector.calls).to.have.length(0);
  });

  // What each prompt starter in the manifest must lead to, whether Teams sends its prompt or its title.
  const expected: Record<string, string> = {
    'Someone has rung in sick': 'Managing sickness absence',
    'How do I hold a wellbeing chat?': 'Health and wellbeing conversations',
    'Show my reminders': 'Your reminders',
    'I have a new starter': 'Add a new starter',
    'Someone wants flexible working': 'Flexible working',
    'Browse topics': 'Browse topics',
    'My reminder settings': 'Your reminder settings',
    help: 'Browse topics',
  };

  it('every prompt starter in the manifest, sent as its prompt or its title, gets the card it promises', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'manifest/manifest.json'), 'utf8'));
    const commands = manifest.bots[0].commandLists.find((l: any) => l.scopes.includes('personal')).commands;
    expect(commands.map((c: any) => c.title)).to.have.members(Object.keys(expected));
    for (const command of commands) {
      for (const text of new Set([command.prompt ?? command.title, command.title])) {
        const texts = textsOf(await say(text));
        expect(texts.join(' | '), text).to.contain(expected[command.title]!);
        expect(texts.join(' | '), text).not.to.contain("don't have an answer");
      }
    }
  });
});
