import { expect } from 'chai';
import { messageActivity, postActivity, type ActivityOptions } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

describe('security: limits on questions in chat', () => {
  let server: TestServer;
  let connector: FakeConnector;
  let o: ActivityOptions;

  before(async () => {
    connector = await new FakeConnector().start();
    server = await startTestServer({ MAX_QUESTION_CHARS: '1000', QUESTIONS_PER_MINUTE: '3' });
    o = { serviceUrl: connector.url };
  });
  after(async () => {
    await server.stop();
    await connector.stop();
  });
  beforeEach(() => {
    connector.calls.length = 0;
  });

  async function ask(text: string, aadObjectId: string): Promise<string> {
    const before = connector.calls.length;
    const res = await postActivity(server.url, messageActivity(text, { ...o, aadObjectId }));
    expect(res.status).to.be.lessThan(300);
    const calls = await connector.waitFor((c) => c.length > before);
    return JSON.stringify(calls[before]!.body.attachments[0].content);
  }

  it('answers a question over 1,000 characters with a plain "shorter question" card, and logs nothing', async () => {
    const long = `my question is about ${'sickness absence and '.repeat(60)}what to do`;
    expect(long.length).to.be.greaterThan(1000);
    const card = await ask(long, 'aad-long');
    expect(card).to.contain('Please ask a shorter question');
    expect(card).to.contain('1000 characters');
    expect(card).not.to.contain('sickness absence and');
    await server.app.questionLog.flush();
    expect(await server.app.store.countQuestions()).to.deep.equal({ answer: 0, clarify: 0, none: 0 });
    expect(await server.app.store.listUnanswered(10)).to.have.length(0);
    // Exactly at the limit is still answered (and logged).
    const card2 = await ask(`sickness absence ${'x'.repeat(1000 - 17)}`, 'aad-long');
    expect(card2).not.to.contain('Please ask a shorter question');
  });

  it('tells a person asking too fast to slow down, without affecting anyone else', async () => {
    for (let i = 0; i < 3; i++) expect(await ask('sickness absence', 'aad-fast')).not.to.contain('Slow down');
    const fourth = await ask('sickness absence', 'aad-fast');
    expect(fourth).to.contain('Slow down a little');
    expect(fourth).to.match(/wait about \d+ seconds?/);
    expect(await ask('sickness absence', 'aad-someone-else')).not.to.contain('Slow down');
  });
});
