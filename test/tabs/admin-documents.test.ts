import path from 'node:path';
import { expect } from 'chai';
import type { Locator } from 'playwright-core';
import { ADMIN_ARTIFACTS, adminTab, HR_EMAIL } from '../helpers/admin-tab.js';
import { UI_WAIT_MS } from '../helpers/browser.js';
import { devSignIn } from '../helpers/test-server.js';

/** Documents in the HR admin tab: edit with checks and a card preview, publish, history, restore, and new documents for unanswered questions. */
describe('Admin tab: documents (Chromium)', function () {
  const admin = adminTab();

  it('lets an HR publisher edit a document, see the checks and the card preview, publish, and find the change in the history', async () => {
    const { page } = admin;
    await admin.signIn(true);
    // The warning banner says this is the development sign-in, and as whom.
    await page.locator('.dev-banner', { hasText: 'Development mode' }).getByText(`Signed in as ${HR_EMAIL} with the HR publisher role`).waitFor();
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await page.getByRole('link', { name: 'Managing sickness absence' }).click();

    const editor = page.getByLabel('Document (Markdown with front matter)');
    await editor.waitFor();
    expect(await editor.inputValue()).to.match(/^---\nid: sickness-absence\n/);
    const checks = page.locator('#validation-summary');
    await expectText(checks, 'No problems found.');
    await page.locator('.card-preview').getByText('Managing sickness absence').first().waitFor();

    // Break the front matter: the title line (line 3) loses its value.
    const original = await editor.inputValue();
    await editor.fill(original.replace('title: Managing sickness absence\n', 'title:\n'));
    await page.locator('.problems-wrap .problems').getByRole('button', { name: 'Line 3' }).waitFor();
    expect(await checks.textContent()).to.match(/error/);
    await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, 'editor-with-a-problem.png'), fullPage: true });
    // Publishing it anyway is refused, with the problem listed, and nothing changes.
    await page.getByLabel('What changed (change note)').fill('Broken on purpose');
    await page.getByRole('button', { name: 'Publish' }).click();
    const refused = page.locator('.publish-result');
    await refused.getByText('Not published').waitFor();
    expect(await refused.getByRole('button', { name: 'Line 3' }).count()).to.equal(1);
    expect(await adminGet('/api/admin/documents/sickness-absence')).to.include({ version: 1, title: 'Managing sickness absence' });
    // The problem's line button takes the cursor to that line.
    await page.locator('.problems-wrap .problems').getByRole('button', { name: 'Line 3' }).click();
    expect(await editor.evaluate((el) => { const t = el as unknown as { value: string; selectionStart: number }; return t.value.slice(0, t.selectionStart).split('\n').length; })).to.equal(3);

    await editor.fill(original.replace('title: Managing sickness absence\n', 'title: Managing sickness absence at work\n'));
    await expectText(checks, 'No problems found.');
    await page.locator('.card-preview').getByText('Managing sickness absence at work').first().waitFor();
    await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, 'editor-with-preview.png'), fullPage: true });

    await page.getByLabel('What changed (change note)').fill('Clearer title');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 2').waitFor();
    const live = await adminGet(`/api/admin/documents/sickness-absence`);
    expect(live).to.include({ version: 2, title: 'Managing sickness absence at work' });

    await page.getByRole('link', { name: 'See the history' }).click();
    await page.getByRole('heading', { name: 'History: sickness-absence' }).waitFor();
    const newest = page.locator('table.history tbody tr').first();
    expect(await newest.textContent()).to.include('Published').and.include('Clearer title').and.include(HR_EMAIL);
    await page.getByRole('button', { name: 'Compare with version 1' }).click();
    await page.locator('.diff-added', { hasText: '+title: Managing sickness absence at work' }).waitFor();
    expect(await page.locator('.diff-removed', { hasText: '-title: Managing sickness absence' }).count()).to.equal(1);
    await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, 'history-with-diff.png'), fullPage: true });

    // The audit log names who published which version.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const entry = page.locator('tbody tr', { hasText: 'sickness-absence' }).first();
    expect(await entry.textContent()).to.include(HR_EMAIL).and.include('publish');
  });

  it('restores an earlier version as a new version from the history', async () => {
    const { page } = admin;
    await admin.signIn(true, '#/documents/one-to-ones/history');
    await publishThroughApi('one-to-ones', (md) => md.replace(/^title: .*$/m, 'title: One-to-ones, revised'), 'Trial wording');
    await page.reload();
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByLabel('Why restore it (change note)').fill('Back to the original wording');
    await page.locator('form.restore-form').getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByText('Restored version 1 as version 3').waitFor();
    const restored = page.locator('table.history tbody tr').first();
    expect(await restored.textContent()).to.include('Restored').and.include('Back to the original wording');
  });

  it('lists unanswered questions, most asked first, and opens the editor for the document that should answer one', async () => {
    const { page } = admin;
    await admin.signIn(true, '#/unanswered');
    await page.getByRole('heading', { name: 'Unanswered questions' }).waitFor();
    const questions = await page.locator('tbody tr td:first-child').allTextContents();
    // Repeats of a question (ignoring case) count together: parking was asked 3 times, jury service once.
    expect(questions.slice(0, 2).map((q) => q.toLowerCase())).to.deep.equal(['can i claim for parking at work', 'jury service leave']);
    await page.getByRole('button', { name: 'Create or edit the document that should answer this' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Document', { exact: true }).selectOption({ label: 'A new document' });
    await dialog.getByLabel('New document name').fill('parking-at-work');
    await dialog.getByRole('button', { name: 'Open the editor' }).click();
    await page.getByRole('heading', { name: 'New document: parking-at-work' }).waitFor();
    const asked = questions[0]!;
    expect(await page.locator('.notice q').textContent()).to.equal(asked);
    expect(await page.getByLabel('Document (Markdown with front matter)').inputValue()).to.include(`synonyms: [${JSON.stringify(asked)}]`);
  });

  async function adminGet(apiPath: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${admin.server.url}${apiPath}`, { headers: { authorization: `Bearer ${await devSignIn(admin.server, HR_EMAIL, true)}` } });
    expect(res.status, apiPath).to.equal(200);
    return (await res.json()) as Record<string, unknown>;
  }

  async function publishThroughApi(id: string, change: (markdown: string) => string, changeNote: string): Promise<void> {
    const doc = await adminGet(`/api/admin/documents/${id}`);
    const res = await fetch(`${admin.server.url}/api/admin/documents/${id}/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await devSignIn(admin.server, HR_EMAIL, true)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ markdown: change(String(doc.markdown)), changeNote }),
    });
    expect(res.status, await res.clone().text()).to.equal(200);
  }
});

async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout: UI_WAIT_MS });
  expect(await locator.filter({ hasText: text }).count(), text).to.be.greaterThan(0);
}
