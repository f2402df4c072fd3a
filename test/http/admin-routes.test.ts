import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { FakeConnector } from '../helpers/fake-connector.js';
import { HR_GROUP_ID, HR_USER_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/test-server.js';

const MARKER = 'Offer a desk fan and a cooler uniform straight away';
const original = fs.readFileSync(path.join(REPO_ROOT, 'content/docs/menopause.md'), 'utf8');
const corrected = original.replace(/^1\. .*$/m, `1. ${MARKER}, and let your team know they can talk to you about menopause.`);
const broken = corrected
  .replace('kind: policy', 'kind: poem')
  .replace('related: [reasonable-adjustments,', 'related: [no-such-document,')
  .replace(/^## What to do$/m, '## Steps');

describe('Admin API (real server, tokens from a loopback JWKS)', () => {
  let issuer: TokenIssuer;
  let server: TestServer;
  let hrToken: string;

  before(async () => {
    issuer = await startTokenIssuer();
    server = await startTestServer({ ...issuer.env, LOG_LEVEL: 'warn' });
    hrToken = await issuer.sign({ oid: 'hr-by-group', email: 'Pat.Publisher@Trust.NHS.uk', groups: [HR_GROUP_ID] });
  });
  after(async () => {
    await server?.stop();
    await issuer?.stop();
  });

  const call = async (method: string, url: string, token: string | undefined, body?: unknown, contentType = 'application/json') => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const liveMenopause = async () => (await call('GET', '/api/admin/documents/menopause', hrToken)).body;

  it('refuses every admin route without a token (401)', async () => {
    const admin = server.app.apiRoutes.filter((r) => r.path.startsWith('/api/admin/'));
    expect(admin.length).to.be.at.least(13);
    expect(admin.every((r) => r.access === 'hr')).to.equal(true);
    for (const r of admin) {
      const res = await call(r.method.toUpperCase(), r.path.replace(':id', 'menopause'), undefined, r.method === 'get' ? undefined : {});
      expect(res.status, `${r.method} ${r.path}`).to.equal(401);
    }
  });

  it('refuses a publish with a wrong audience, an expired token or a bad signature (401), and a non-HR user (403); nothing changes', async () => {
    const hrClaims = { oid: HR_USER_ID, email: 'hr@trust.nhs.uk' };
    const refused: [string, number][] = [
      [await issuer.sign({ ...hrClaims, aud: 'api://someone-else' }), 401],
      [await issuer.sign({ ...hrClaims, exp: Math.floor(Date.now() / 1000) - 600 }), 401],
      [await issuer.signWithUnknownKey(hrClaims), 401],
      [await issuer.sign({ oid: 'manager-1', email: 'manager@trust.nhs.uk', groups: ['ward-managers'] }), 403],
    ];
    for (const [token, status] of refused) {
      const res = await call('POST', '/api/admin/documents/menopause/publish', token, { markdown: corrected, changeNote: 'sneaky' });
      expect(res.status).to.equal(status);
      expect(res.body.error).to.be.a('string');
    }
    expect(await liveMenopause()).to.deep.include({ version: 1, markdown: original });
    expect((await call('GET', '/api/admin/audit', hrToken)).body.entries.some((e: { action: string }) => e.action === 'publish')).to.equal(false);
  });

  it('lets an HR user list and read documents with review status and feedback counts', async () => {
    const { status, body } = await call('GET', '/api/admin/documents', hrToken);
    expect(status).to.equal(200);
    expect(body.documents).to.have.length(30);
    const menopause = body.documents.find((d: { id: string }) => d.id === 'menopause');
    expect(menopause).to.include({ title: 'Menopause at work', stage: 'wellbeing', status: 'live', version: 1, updatedBy: 'system', helpful: 0, notHelpful: 0 });
    expect(menopause.reviewDue).to.be.a('boolean');
    expect(await liveMenopause()).to.include({ id: 'menopause', title: 'Menopause at work', status: 'live', markdown: original });
    expect((await call('GET', '/api/admin/documents/no-such-document', hrToken)).status).to.equal(404);
  });

  it('validates a draft: problems with file, line and field, and a preview answer card of the draft', async () => {
    const bad = await call('POST', '/api/admin/documents/menopause/validate', hrToken, { markdown: broken });
    expect(bad.status).to.equal(200);
    expect(bad.body.ok).to.equal(false);
    const fields = bad.body.problems.filter((p: { severity: string }) => p.severity === 'error').map((p: { line: number; field: string }) => `${p.line}:${p.field}`);
    expect(fields).to.include.members(['4:kind', '25:related[0]']);
    expect(bad.body.problems.some((p: { message: string }) => p.message.includes('missing the "## What to do" section'))).to.equal(true);

    const good = await call('POST', '/api/admin/documents/menopause/validate', hrToken, { markdown: corrected });
    expect(good.body.ok).to.equal(true);
    expect(good.body.preview).to.include({ type: 'AdaptiveCard', version: '1.5' });
    expect(JSON.stringify(good.body.preview)).to.contain(MARKER);
    // With a question, the preview shows the section of the draft that the question finds.
    const asked = await call('POST', '/api/admin/documents/menopause/validate', hrToken, { markdown: corrected, question: 'menopause facts national guidance 2022' });
    expect(JSON.stringify(asked.body.preview)).to.contain('What you need to know');
    expect(good.body).not.to.have.property('answer');
  });

  it('answers a question HR types with the reply the assistant would give once the draft is live', async () => {
    const ask = async (question: string) => (await call('POST', '/api/admin/documents/menopause/validate', hrToken, { markdown: corrected, question })).body.answer;
    // The draft's own new step answers a question about it.
    const fromDraft = await ask('hot flushes at work, what should I offer');
    expect(fromDraft).to.deep.include({ outcome: 'answer', documents: [{ id: 'menopause', title: 'Menopause at work', draft: true }] });
    expect(JSON.stringify(fromDraft.card)).to.contain(MARKER);
    // Another document answers another question, with its own card.
    const elsewhere = await ask('can I work from home some days');
    expect(elsewhere.outcome).to.equal('answer');
    expect(elsewhere.documents).to.deep.equal([{ id: 'flexible-working', title: 'Flexible working', draft: false }]);
    expect(JSON.stringify(elsewhere.card)).not.to.contain(MARKER);
    // Clinical questions are declined as the bot declines them.
    const clinical = await ask('what dose of HRT should she take');
    expect(clinical).to.deep.include({ outcome: 'none', reason: 'clinical', documents: [] });
    expect(clinical.card).to.include({ type: 'AdaptiveCard' });
    // A draft that does not parse has no answer to show.
    expect((await call('POST', '/api/admin/documents/menopause/validate', hrToken, { markdown: 'no front matter', question: 'menopause' })).body.answer).to.equal(null);
  });

  it('refuses a draft with errors: 400 with every error listed, and the live content unchanged', async () => {
    const res = await call('POST', '/api/admin/documents/menopause/publish', hrToken, { markdown: broken, changeNote: 'broken on purpose' });
    expect(res.status).to.equal(400);
    expect(res.body.details.some((d: string) => d.startsWith('docs/menopause.md:4: kind:'))).to.equal(true);
    expect(res.body.details.some((d: string) => d.startsWith('docs/menopause.md:25: related[0]: unknown document id "no-such-document"'))).to.equal(true);
    expect(res.body.details.some((d: string) => d.includes('missing the "## What to do" section'))).to.equal(true);
    expect(res.body.problems.length).to.be.at.least(res.body.details.length);
    expect(await liveMenopause()).to.deep.include({ version: 1, markdown: original });
    expect((await call('POST', '/api/admin/documents/menopause/publish', hrToken, { markdown: corrected })).status).to.equal(400);
  });

  it('publishes, restores as a new version, shows history, diff and the audit entries', async () => {
    const published = await call('POST', '/api/admin/documents/menopause/publish', hrToken, { markdown: corrected, changeNote: 'Offer a fan first' });
    expect(published.status).to.equal(200);
    expect(published.body).to.include({ id: 'menopause', version: 2 });
    // This instance swaps the new content in straight away.
    await server.app.contentSync.refresh();
    expect(server.app.knowledge.document('menopause')?.sections.find((s) => s.heading === 'What to do')?.text).to.contain(MARKER);

    const restored = await call('POST', '/api/admin/documents/menopause/restore', hrToken, { version: 1, changeNote: 'Back to the national wording' });
    expect(restored.body).to.include({ id: 'menopause', version: 3 });
    expect(await liveMenopause()).to.include({ version: 3, markdown: original, updatedBy: 'pat.publisher@trust.nhs.uk' });

    const history = (await call('GET', '/api/admin/documents/menopause/history', hrToken)).body.versions;
    expect(history.map((v: { version: number; action: string }) => `${v.version}:${v.action}`)).to.deep.equal(['3:restore', '2:publish', '1:import']);
    expect(history[1]).to.include({ author: 'pat.publisher@trust.nhs.uk', changeNote: 'Offer a fan first' });

    const diff = (await call('GET', '/api/admin/documents/menopause/diff?from=1&to=2', hrToken)).body;
    expect(diff).to.include({ from: 1, to: 2 });
    expect(diff.diff).to.contain(`+1. ${MARKER}`);
    expect((await call('GET', '/api/admin/documents/menopause/diff?from=1', hrToken)).status).to.equal(400);

    const audit = (await call('GET', '/api/admin/audit?limit=2', hrToken)).body.entries;
    expect(audit.map((e: { action: string; target: string; version: number; actor: string }) => [e.action, e.target, e.version, e.actor])).to.deep.equal([
      ['restore', 'menopause', 3, 'pat.publisher@trust.nhs.uk'],
      ['publish', 'menopause', 2, 'pat.publisher@trust.nhs.uk'],
    ]);
  });

  it('imports a roster upload with a per-line report, and audits it', async () => {
    const csv = [
      'employee_id,display_name,email,manager_email,start_date,department,job_title',
      'E1,Sam Patel,,m@trust.nhs.uk,2025-01-06,Ward 7,Nurse',
      'E2,Alex Jones,,m@trust.nhs.uk,not-a-date,Ward 7,Nurse',
    ].join('\n');
    const res = await call('POST', '/api/admin/roster?full=false', hrToken, csv, 'text/csv');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ imported: 1, unchanged: 0, left: 0 });
    // One bad line is one line with problems, and one problem for its one bad field.
    expect(res.body.problems).to.deep.equal([{ line: 3, field: 'start_date', message: 'must be a date written YYYY-MM-DD' }]);
    expect(res.body.badLines).to.equal(1);
    const again = await call('POST', '/api/admin/roster', hrToken, csv, 'text/csv');
    expect(again.body).to.include({ imported: 0, unchanged: 1 });
    const audit = (await call('GET', '/api/admin/audit?limit=1', hrToken)).body.entries[0];
    expect(audit).to.include({ action: 'roster-import', target: 'roster', actor: 'pat.publisher@trust.nhs.uk' });
  });

  it('takes a roster upload larger than the general request limit (up to ROSTER_MAX_BYTES)', async () => {
    const rows = ['employee_id,display_name,email,manager_email,start_date,department,job_title'];
    for (let i = 0; i < 6000; i++) rows.push(`B${i},Person Number ${i},,manager${i % 40}@trust.nhs.uk,2025-01-06,Ward ${i % 12},Healthcare assistant`);
    const csv = rows.join('\n');
    expect(csv.length).to.be.greaterThan(262_144);
    const res = await call('POST', '/api/admin/roster', hrToken, csv, 'text/csv');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ imported: 6000 });
    expect(res.body.problems).to.deep.equal([]);
  });

  it('shows unanswered questions most asked first, feedback with comments, and dashboard figures', async () => {
    const { store } = server.app;
    const at = new Date();
    await store.saveQuestionLog({
      questions: [
        { askedAt: at, status: 'answer', docId: 'menopause', section: 'what-to-do' },
        { askedAt: at, status: 'answer', docId: 'menopause', section: 'what-to-do' },
        { askedAt: at, status: 'none', docId: undefined, section: undefined },
      ],
      unanswered: [
        { text: 'where do I park', at },
        { text: 'lunch menu', at },
        { text: 'Where do I park', at },
      ],
    });
    await store.recordFeedback({ answerId: '11111111-1111-4111-8111-111111111111', docId: 'menopause', section: 'what-to-do', helpful: false, comment: 'Say who to ask about uniforms', at });
    await store.recordFeedback({ answerId: '11111111-1111-4111-8111-111111111112', docId: 'menopause', section: 'what-to-do', helpful: true, comment: undefined, at });

    const unanswered = (await call('GET', '/api/admin/unanswered', hrToken)).body.questions;
    expect(unanswered[0]).to.include({ text: 'where do I park', count: 2 });
    expect(unanswered[1]).to.include({ text: 'lunch menu', count: 1 });

    const feedback = (await call('GET', '/api/admin/feedback', hrToken)).body.documents;
    expect(feedback).to.have.length(1);
    expect(feedback[0]).to.deep.include({ id: 'menopause', title: 'Menopause at work', helpful: 1, notHelpful: 1 });
    expect(feedback[0].comments.map((c: { text: string }) => c.text)).to.deep.equal(['Say who to ask about uniforms']);
    expect((await call('GET', '/api/admin/documents', hrToken)).body.documents.find((d: { id: string }) => d.id === 'menopause')).to.include({ helpful: 1, notHelpful: 1 });

    const dashboard = (await call('GET', '/api/admin/dashboard?weeks=4', hrToken)).body;
    expect(dashboard.minGroupSize).to.equal(5);
    expect(dashboard.questionsPerWeek).to.have.length(4);
    expect(dashboard.questionsPerWeek[3]).to.include({ answer: 2, clarify: 0, none: 1 });
    expect(dashboard.topTopics[0]).to.deep.equal({ id: 'menopause', title: 'Menopause at work', count: 2 });
    expect(dashboard.helpfulness[0]).to.deep.equal({ id: 'menopause', title: 'Menopause at work', helpful: 1, notHelpful: 1 });
    expect(dashboard.onboarding).to.have.keys(['checkInsDue', 'checkInsCompleted']);
    expect((await call('GET', '/api/admin/dashboard?weeks=zero', hrToken)).status).to.equal(400);
  });

  it('tells every reachable manager what changed, once each, and audits it', async () => {
    const connector = await new FakeConnector().start();
    try {
      const reference = (n: number) => ({ serviceUrl: connector.url, channelId: 'msteams', conversation: { id: `a:conversation-${n}` }, bot: { id: '28:bot' }, user: { id: `29:manager-${n}` } });
      for (const n of [1, 2]) {
        await server.app.store.nudges.saveManagerReference({ email: `manager${n}@trust.nhs.uk`, aadObjectId: `aad-${n}`, reference: reference(n), now: new Date() });
      }
      expect((await call('POST', '/api/admin/announce', hrToken, { documentIds: ['no-such-document'], message: 'x' })).status).to.equal(400);
      const res = await call('POST', '/api/admin/announce', hrToken, { documentIds: ['menopause'], message: 'We now suggest a desk fan first.' });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ queued: 2 });
      const calls = await connector.waitFor((c) => c.length >= 2);
      expect(calls.map((c) => c.conversationId).sort()).to.deep.equal(['a:conversation-1', 'a:conversation-2']);
      const card = JSON.stringify(calls[0]!.body.attachments[0].content);
      expect(card).to.contain('We now suggest a desk fan first.');
      expect(card).to.contain('/guidance/menopause');
      const audit = (await call('GET', '/api/admin/audit?limit=1', hrToken)).body.entries[0];
      expect(audit).to.include({ action: 'announce', target: 'menopause', detail: 'queued for 2 manager(s)' });
    } finally {
      await connector.stop();
    }
  });
});
