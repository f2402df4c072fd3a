import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { tabPages } from '../helpers/tab-pages.js';
import { REPO_ROOT, startTestServer, tempDir, type TestServer } from '../helpers/test-server.js';
import { until } from '../helpers/wait.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'admin-tab');
const HR_EMAIL = 'teaching.hr@example.nhs.uk';
// Nothing in the default pack answers this (the answer policy declines it), yet it is about stress.
const QUESTION = 'she cried in the sluice';
const DOC = { id: 'stress-and-mental-health', title: 'Supporting someone with stress or mental ill health' };
const SECTION = { anchor: 'signs-someone-may-be-struggling', heading: 'Signs someone may be struggling' };

/**
 * The teach loop of issue #12, end to end: a manager's question that instance B
 * could not answer is attached to a guide in the HR admin tab (Chromium) on
 * instance A; B, sharing the store, has it in its live content within 5 s and
 * answers it from that guide; the audit log names the HR publisher.
 */
describe('Teach loop: a question attached in the admin tab on one instance, answered by another (Chromium, shared SQLite)', function () {
  const tab = tabPages(ARTIFACTS);
  let connector: FakeConnector;
  let dataDir: string;
  let a: TestServer;
  let b: TestServer;

  before(async function () {
    connector = await new FakeConnector().start();
    // Two instances on one SQLite file (WAL): B starts once A has migrated and imported the pack.
    dataDir = tempDir('lma-teach-');
    a = await startTestServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    b = await startTestServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await connector?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The card B replies with to a question, through the bot's own endpoint. */
  const askB = async (question: string): Promise<{ body: { text?: string }[] }> => {
    const seen = connector.calls.length;
    const res = await postActivity(b.url, messageActivity(question, { serviceUrl: connector.url }));
    expect(res.status).to.be.oneOf([200, 201, 202]);
    const calls = await connector.waitFor((c) => c.length > seen);
    const activity = calls[seen]!.body as { attachments?: { content: { body: { text?: string }[] } }[] };
    return activity.attachments![0]!.content;
  };
  const questionsOnB = () => b.app.knowledge.document(DOC.id)?.questions ?? [];

  it('attaches an unanswered question in the admin tab on A; B has it live within 5 s, and the audit log names who attached it', async () => {
    const { page } = tab;
    // A manager asks B; nothing answers, so the question is kept for HR.
    const before = await askB(QUESTION);
    expect(before.body[0]?.text, 'the question is not answered before it is attached').not.to.equal(DOC.title);
    await b.app.questionLog.flush();

    await page.goto(`${a.url}/tabs/admin/?as=${encodeURIComponent(HR_EMAIL)}#/unanswered`);
    const row = page.locator('tbody tr', { hasText: QUESTION });
    await row.getByRole('button', { name: 'Attach to a guide' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach this question to a guide' });
    await dialog.getByLabel('Guide').selectOption({ label: DOC.title });
    await dialog.getByLabel('Section (optional)').selectOption({ label: SECTION.heading });
    await page.screenshot({ path: path.join(ARTIFACTS, 'attach-question-dialog.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Attach and publish' }).click();
    await page.getByRole('status').filter({ hasText: `Added to ${DOC.title} (“${SECTION.heading}”) — live in a few seconds (version 2).` }).waitFor();
    const publishedAt = Date.now();
    expect(await row.count(), 'the question leaves the unanswered list').to.equal(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'attach-question-done.png'), fullPage: true });

    // B reloads on its own poll (it was not told). How soon is measured, not asserted: the figure
    // belongs to a bench, and a busy machine must not decide the result.
    await until(() => questionsOnB().some((q) => q.text === QUESTION), "instance B's own reload");
    const elapsed = Date.now() - publishedAt;
    expect(questionsOnB().filter((q) => q.text === QUESTION), `B's live content after ${elapsed} ms`).to.deep.equal([{ text: QUESTION, section: SECTION.anchor }]);
    console.log(`      (instance B had the attached question live ${elapsed} ms after the admin tab showed it published)`);

    // The audit log, read from B, names the HR publisher who attached it, the document and the section.
    const token = ((await (await fetch(`${b.url}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'auditor@example.nhs.uk', hr: true }) })).json()) as { token: string }).token;
    const audit = (await (await fetch(`${b.url}/api/admin/audit`, { headers: { authorization: `Bearer ${token}` } })).json()) as { entries: Record<string, unknown>[] };
    expect(audit.entries.find((e) => e.action === 'attach-question')).to.deep.include({ actor: HR_EMAIL, target: DOC.id, version: 2, detail: `section ${SECTION.anchor}` });
  });

  // Depends on the ranking learning from documents' example questions (the lead's new model): with
  // BM25 over title, keywords, synonyms, summary and body alone, the attached question is still declined.
  it('then answers that question on B from that guide', async () => {
    expect(questionsOnB().map((q) => q.text), 'the question was attached (previous test)').to.include(QUESTION);
    const card = await askB(QUESTION);
    expect(card.body[0]?.text, JSON.stringify(card.body.slice(0, 3))).to.equal(DOC.title);
  });

  it('works with the keyboard alone and at 390 px wide, and says plainly what to fix', async () => {
    const { page } = tab;
    const question = 'my porter keeps falling asleep on nights';
    await a.app.store.saveQuestionLog({ questions: [], unanswered: [{ text: question, at: new Date() }] });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${a.url}/tabs/admin/?as=${encodeURIComponent(HR_EMAIL)}#/unanswered`);
    const button = page.locator('tbody tr', { hasText: question }).getByRole('button', { name: 'Attach to a guide' });
    await button.waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(390);
    // Tab to the row's button and open the dialog with Enter: focus lands on the guide.
    for (let i = 0; i < 60 && !(await button.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Attach this question to a guide' });
    const guide = dialog.getByLabel('Guide');
    expect(await guide.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement), 'focus on the guide list').to.equal(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(390);
    // Submitting without a guide says what to do.
    await dialog.getByRole('button', { name: 'Attach and publish' }).press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'Choose the guide that answers this question.' }).waitFor();
    // Choose "Rest, breaks and recovery" by typing its first letters, then its night-shift section.
    await guide.focus();
    await page.keyboard.type('Rest, breaks');
    expect(await guide.inputValue()).to.equal('rest-and-recovery');
    const section = dialog.getByLabel('Section (optional)');
    await page.keyboard.press('Tab');
    expect(await section.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).to.equal(true);
    await page.keyboard.type('Fatigue');
    expect(await section.inputValue()).to.equal('fatigue-after-long-or-night-shifts');
    await page.screenshot({ path: path.join(ARTIFACTS, 'attach-question-390px.png'), fullPage: true });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const status = page.getByRole('status').filter({ hasText: /^Added to Rest, breaks and recovery \(“.+”\) — live in a few seconds \(version 2\)\.$/ });
    await status.waitFor();
    expect(await status.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement), 'focus moves to the result').to.equal(true);
  });
});
