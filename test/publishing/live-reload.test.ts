import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readContentDir } from '../../src/content/read-content-dir.js';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { runLma } from '../helpers/cli.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { requirePostgres } from '../helpers/postgres.js';
import { openTestStore } from '../helpers/engines.js';
import { HR_GROUP_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';
import { REPO_ROOT, startTestServer, tempDir, type TestServer } from '../helpers/test-server.js';
import { until } from '../helpers/wait.js';

const MARKER = 'Offer a desk fan and a cooler uniform straight away';
const QUESTION = 'how do I support someone going through the menopause';
const original = fs.readFileSync(path.join(REPO_ROOT, 'content/docs/menopause.md'), 'utf8');
const corrected = original.replace(/^1\. .*$/m, `1. ${MARKER}, and let your team know they can talk to you about menopause.`);

describe('Live reload: two instances sharing PostgreSQL', function () {
  let url: string;
  let issuer: TokenIssuer;
  let connector: FakeConnector;
  let a: TestServer;
  let b: TestServer;

  before(async function () {
    url = await requirePostgres(this);
    issuer = await startTokenIssuer();
    connector = await new FakeConnector().start();
    a = await startTestServer({ ...issuer.env, DATABASE_URL: url, LOG_LEVEL: 'warn' });
    b = await startTestServer({ ...issuer.env, DATABASE_URL: url, LOG_LEVEL: 'warn' });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await connector?.stop();
    await issuer?.stop();
  });

  /** The card instance `server` replies with to the question, as text. */
  const answerFrom = async (server: TestServer): Promise<string> => {
    const seen = connector.calls.length;
    const res = await postActivity(server.url, messageActivity(QUESTION, { serviceUrl: connector.url }));
    expect(res.status).to.be.oneOf([200, 201, 202]);
    const calls = await connector.waitFor((c) => c.length > seen);
    return JSON.stringify(calls[seen]!.body);
  };

  it('imports the default pack once, however many instances start on an empty store', async () => {
    expect(await a.app.store.content.revision()).to.equal(1);
    expect(a.app.contentSync.revision).to.equal(1);
    expect(b.app.contentSync.revision).to.equal(1);
    expect((await a.app.store.content.latest()).every((v) => v.version === 1)).to.equal(true);
  });

  it('answers from a version published on the other instance within 5 seconds, and so does lma ask', async () => {
    const before = await answerFrom(b);
    expect(before).to.contain('Menopause at work');
    expect(before).not.to.contain(MARKER);
    const askBefore = await runLma(['ask', QUESTION], { DATABASE_URL: url, DATA_DIR: tempDir() });
    expect(askBefore.stdout).not.to.contain(MARKER);

    const token = await issuer.sign({ oid: 'hr-1', email: 'hr@trust.nhs.uk', groups: [HR_GROUP_ID] });
    const published = await fetch(`${a.url}/api/admin/documents/menopause/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ markdown: corrected, changeNote: 'Offer a fan first' }),
    });
    expect(published.status).to.equal(200);
    const publishedAt = Date.now();

    // B was not told: it finds the new revision on its own poll. How soon is measured, not asserted
    // (a busy machine must not decide the result).
    const after = await until(async () => {
      const answer = await answerFrom(b);
      return answer.includes(MARKER) && answer;
    }, 'instance B to answer from the new version');
    const elapsed = Date.now() - publishedAt;
    expect(after).to.contain(MARKER);
    console.log(`      (instance B answered from the new version ${elapsed} ms after the publish)`);
    expect(await answerFrom(a)).to.contain(MARKER);

    const ask = await runLma(['ask', QUESTION], { DATABASE_URL: url, DATA_DIR: tempDir() });
    expect(ask.code, ask.stderr).to.equal(0);
    expect(ask.stdout).to.contain(MARKER);
  });
});

describe('first start on an empty store', () => {
  it('refuses a content folder with errors, listing every one, and stores nothing', async () => {
    const folder = tempDir('lma-broken-');
    fs.cpSync(path.join(REPO_ROOT, 'content'), folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'docs/menopause.md'), corrected.replace('related: [reasonable-adjustments,', 'related: [no-such-document,').replace('kind: policy', 'kind: poem'));
    const dataDir = tempDir();
    const err = await startTestServer({ CONTENT_DIR: folder, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }).then(
      (s) => s.stop().then(() => undefined),
      (e: unknown) => e,
    );
    expect(err).to.have.property('code', 'CONTENT_INVALID');
    const details = (err as { details: string[] }).details;
    expect(details).to.include('docs/menopause.md:4: kind: Invalid option: expected one of "expectation"|"policy"|"wellbeing"|"guide"');
    expect(details).to.include('docs/menopause.md:25: related[0]: unknown document id "no-such-document"');
    const store = await openTestStore({ kind: 'sqlite', file: path.join(dataDir, 'lma.sqlite') });
    try {
      expect(await store.content.revision()).to.equal(0);
    } finally {
      await store.close();
    }
  });
});

describe('lma content import', function () {

  it('imports a folder as new versions, skipping unchanged files; a folder with errors imports nothing', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir };
    const first = await runLma(['content', 'import', path.join(REPO_ROOT, 'content')], env);
    expect(first.code, first.stderr).to.equal(0);
    const files = await readContentDir(path.join(REPO_ROOT, 'content'));
    expect(first.stdout).to.contain(`\n${files.length} imported, 0 unchanged; content revision 1\n`);

    const folder = tempDir('lma-import-');
    fs.mkdirSync(path.join(folder, 'docs'));
    fs.writeFileSync(path.join(folder, 'docs/menopause.md'), corrected);
    fs.writeFileSync(path.join(folder, 'settings.yml'), fs.readFileSync(path.join(REPO_ROOT, 'content/settings.yml')));
    const second = await runLma(['content', 'import', folder, '--author', 'hr@trust.nhs.uk', '--note', 'fan first'], env);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.contain('docs/menopause.md: version 2');
    expect(second.stdout).to.contain('1 imported, 1 unchanged; content revision 2');

    fs.writeFileSync(path.join(folder, 'docs/menopause.md'), corrected.replace('stage: wellbeing', 'stage: nowhere'));
    const bad = await runLma(['content', 'import', folder], env);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('docs/menopause.md:5: stage: unknown stage "nowhere"');

    // lma ask reads what was published, not the folder.
    const ask = await runLma(['ask', QUESTION], env);
    expect(ask.stdout).to.contain(MARKER);
  });
});
