import { expect } from 'chai';
import { useBotChat } from '../helpers/bot-chat.js';
import { whileTyping } from '../../src/bot/typing.js';
import { messageActivity, postActivity } from '../helpers/activities.js';

/** A promise and the functions that settle it, for steering work step by step. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('typing indicator: whileTyping', () => {
  it('sends nothing when the reply is ready before the delay (nearly every reply: no extra call to Teams)', async () => {
    let typed = 0;
    const result = await whileTyping(async () => 'card', async () => void typed++, { delayMs: 50, periodMs: 1000 }, () => {});
    expect(result).to.equal('card');
    expect(typed).to.equal(0);
  });

  it('sends "typing" once the reply is slow, and the reply waits until it has gone', async () => {
    const typingStarted = deferred();
    const typingSent = deferred();
    let typed = 0;
    let replied = false;
    // The work finishes only after typing has started, whatever the machine's speed.
    const reply = whileTyping(
      async () => {
        await typingStarted.promise;
        return 'card';
      },
      () => {
        typed++;
        typingStarted.resolve();
        return typingSent.promise;
      },
      { delayMs: 1, periodMs: 60000 },
      () => {},
    ).then((r) => {
      replied = true;
      return r;
    });
    await typingStarted.promise;
    await new Promise((r) => setImmediate(r));
    expect(replied, 'the reply must not overtake the typing indicator').to.equal(false);
    typingSent.resolve();
    expect(await reply).to.equal('card');
    expect(typed).to.equal(1);
  });

  it('a typing indicator that fails is reported and the reply still goes', async () => {
    const errors: unknown[] = [];
    const result = await whileTyping(
      async () => 'card',
      async () => {
        throw new Error('429 from Teams');
      },
      { delayMs: 0, periodMs: 60000 },
      (err) => errors.push(err),
    );
    expect(result).to.equal('card');
    expect(errors.map((e) => (e as Error).message)).to.deep.equal(['429 from Teams']);
  });
});

/** End to end through /api/messages: TYPING_DELAY_MS=0 shows typing before every reply, so it can be seen. */
describe('typing indicator: in chat', () => {
  const chat = useBotChat({ TYPING_DELAY_MS: '0' });

  it('sends "typing" to the same conversation before the answer card', async () => {
    await postActivity(chat.server.url, messageActivity('someone rang in sick, what do I do?', chat.o));
    const calls = await chat.connector.waitFor((c) => c.length >= 2);
    expect(calls.map((c) => c.body.type)).to.deep.equal(['typing', 'message']);
    expect(calls[0]!.conversationId).to.equal(calls[1]!.conversationId);
    expect(calls[1]!.body.attachments[0].content.body[0].text).to.equal('Managing sickness absence');
  });

  it('never types in a channel where the bot was not mentioned (it does not answer there)', async () => {
    await postActivity(chat.server.url, messageActivity('menopause support', { ...chat.o, conversationType: 'channel', conversationId: '19:channel@thread.skype' }));
    // A later personal message's typing and answer arrive after anything the channel message could have sent.
    await postActivity(chat.server.url, messageActivity('flexible working', chat.o));
    const calls = await chat.connector.waitFor((c) => c.length >= 2);
    expect(calls.map((c) => [c.body.type, c.conversationId])).to.deep.equal([
      ['typing', 'a:personal-conversation-1'],
      ['message', 'a:personal-conversation-1'],
    ]);
  });

  it('a failing typing indicator does not stop the answer', async () => {
    chat.connector.failNext(403, 1); // not retried: the typing indicator fails for good
    await postActivity(chat.server.url, messageActivity('menopause support', chat.o));
    const calls = await chat.connector.waitFor((c) => c.some((call) => call.body.type === 'message'));
    const answer = calls.find((call) => call.body.type === 'message')!;
    expect(answer.body.attachments[0].content.body[0].text).to.equal('Menopause at work');
    expect(chat.server.logs.join('\n')).to.contain('typing indicator not sent');
  });
});
