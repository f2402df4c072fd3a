import { defaultPack } from '../helpers/content.js';
import { expect } from 'chai';
import { HR_GROUP_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { until } from '../helpers/wait.js';

const QUESTION = 'a nurse keeps crying in the sluice after shifts';
const ROUTE = '/api/admin/questions';

describe('Admin API: attaching a question to a document (POST /api/admin/questions)', () => {
  let issuer: TokenIssuer;
  let server: TestServer;
  let hrToken: string;

  before(async () => {
    issuer = await startTokenIssuer();
    server = await startTestServer({ ...issuer.env, LOG_LEVEL: 'silent' });
    hrToken = await issuer.sign({ oid: 'hr-by-group', email: 'pat.publisher@trust.nhs.uk', groups: [HR_GROUP_ID] });
    await server.app.store.saveQuestionLog({ questions: [], unanswered: [{ text: QUESTION, at: new Date() }] });
  });
  after(async () => {
    await server?.stop();
    await issuer?.stop();
  });

  const post = async (token: string | undefined, body: unknown) => {
    const res = await fetch(`${server.url}${ROUTE}`, {
      method: 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${hrToken}` } })).json() as Promise<any>;
  const good = { question: QUESTION, docId: 'stress-and-mental-health', section: 'signs-someone-may-be-struggling' };

  it('is an HR-only route: 401 without a valid token, 403 for a manager; nothing published', async () => {
    expect(server.app.apiRoutes.find((r) => r.path === ROUTE)).to.include({ method: 'post', access: 'hr' });
    expect((await post(undefined, good)).status).to.equal(401);
    expect((await post('not-a-token', good)).status).to.equal(401);
    const manager = await issuer.sign({ oid: 'manager-1', email: 'manager@trust.nhs.uk' });
    const refused = await post(manager, good);
    expect(refused.status).to.equal(403);
    expect(refused.body.error).to.equal('This needs the HR publisher role.');
    expect(await server.app.store.content.revision()).to.equal(1);
  });

  it('answers 400 naming the field for a bad body, document or section, with nothing internal in the reply; nothing published', async () => {
    const cases: [unknown, string][] = [
      [{ docId: 'stress-and-mental-health' }, 'question: '],
      [{ question: QUESTION }, 'docId: '],
      [{ ...good, section: 42 }, 'section: '],
      [{ ...good, docId: 'no-such-guide' }, 'docId: there is no document "no-such-guide"'],
      [{ ...good, docId: 'Stress & Mental Health' }, 'docId: "Stress & Mental Health" is not a document id'],
      [{ ...good, section: 'how-to-cook' }, 'section: "how-to-cook" is not a section of "Supporting someone with stress or mental ill health"'],
      [{ ...good, question: '   ' }, 'question: must not be empty'],
      [{ ...good, question: 'why '.repeat(100) }, 'question: must be at most 300 characters'],
      [[1, 2], 'body: '],
    ];
    for (const [body, field] of cases) {
      const res = await post(hrToken, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(Object.keys(res.body).sort()).to.deep.equal(['details', 'error']);
      expect(`${res.body.error}\n${res.body.details.join('\n')}`, JSON.stringify(body)).to.contain(field);
      expect(JSON.stringify(res.body)).not.to.match(/\.(ts|js):\d|node_modules|stack|sqlite|kysely|select /i);
    }
    const notJson = await post(hrToken, '{"question": ');
    expect(notJson.status).to.equal(400);
    expect(notJson.body.error).to.equal('The request body is not valid JSON.');
    expect(await server.app.store.content.revision()).to.equal(1);
  });

  it('publishes the document with the question for an HR publisher, audited with who attached it; a second attach changes nothing', async () => {
    const res = await post(hrToken, good);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.deep.equal({
      id: 'stress-and-mental-health',
      title: 'Supporting someone with stress or mental ill health',
      version: 2,
      section: { anchor: 'signs-someone-may-be-struggling', heading: 'Signs someone may be struggling' },
      added: true,
    });
    // This instance reloads at once (the refresh starts with the reply), not waiting for its poll.
    const questions = () => server.app.knowledge.document('stress-and-mental-health')?.questions ?? [];
    const before = (await defaultPack()).documents.find((d) => d.id === 'stress-and-mental-health')!.questions;
    const added = () => questions().filter((q) => q.text === QUESTION);
    await until(() => added().length > 0, 'this instance to reload the content');
    expect(added()).to.deep.equal([{ text: QUESTION, section: 'signs-someone-may-be-struggling' }]);
    expect(questions()).to.deep.equal([...before, { text: QUESTION, section: 'signs-someone-may-be-struggling' }]);
    expect((await get('/api/admin/documents/stress-and-mental-health')).markdown).to.contain(`  - q: ${QUESTION}\n    section: signs-someone-may-be-struggling\n`);
    const entry = (await get('/api/admin/audit')).entries[0];
    expect(entry).to.deep.include({ actor: 'pat.publisher@trust.nhs.uk', action: 'attach-question', target: 'stress-and-mental-health', version: 2, detail: 'section signs-someone-may-be-struggling' });
    expect((await get('/api/admin/unanswered')).questions).to.deep.equal([]);
    const history = (await get('/api/admin/documents/stress-and-mental-health/history')).versions;
    expect(history[0]).to.deep.include({ version: 2, author: 'pat.publisher@trust.nhs.uk', changeNote: 'Added a manager question to "Signs someone may be struggling"' });

    const again = await post(hrToken, { ...good, question: QUESTION.toUpperCase() });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.include({ version: 2, added: false });
    expect(await server.app.store.content.revision()).to.equal(2);
  });

  it('lists each document\'s sections for choosing where a question belongs', async () => {
    const docs = (await get('/api/admin/documents')).documents;
    const stress = docs.find((d: { id: string }) => d.id === 'stress-and-mental-health');
    expect(stress.sections.map((s: { heading: string }) => s.heading)).to.include.members(['What to do', 'Signs someone may be struggling', 'Where to get help']);
    expect(stress.sections[0]).to.have.keys(['anchor', 'heading']);
  });
});
