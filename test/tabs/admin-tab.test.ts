import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ALLOW_LOOPBACK_FRAMES, UI_WAIT_MS, launchBrowser } from '../helpers/browser.js';
import { openInTeamsHost } from '../helpers/teams-host.js';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/test-server.js';
import { HR_GROUP_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';
import { systemClock } from '../../src/clock.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { planWellbeingNudges } from '../../src/nudges/plan-nudges.js';
import { recordNudgeOutcome } from '../../src/nudges/record-outcome.js';
import type { Outcome } from '../../src/nudges/schedule.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'admin-tab');
const HR_EMAIL = 'hr.publisher@example.nhs.uk';

/**
 * The HR admin tab in Debian's Chromium against the real service in local mode: outside Teams,
 * with the development sign-in. Screenshots go to test-artifacts/admin-tab/.
 */
describe('Admin tab (Chromium)', function () {
  let server: TestServer;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    browser = await launchBrowser(this);
    server = await startTestServer({ LOG_LEVEL: 'warn' });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await seedFigures(server);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: path.join(ARTIFACTS, `failed-${slug(this.currentTest.title)}.png`), fullPage: true }).catch(() => undefined);
    await context.close();
    expect(pageErrors, 'script errors on the page').to.deep.equal([]);
  });

  async function signIn(hr: boolean, hash = ''): Promise<void> {
    await page.goto(`${server.url}/tabs/admin/${hash}`);
    await page.getByLabel('Email address').fill(hr ? HR_EMAIL : 'line.manager@example.nhs.uk');
    const role = page.getByLabel('Sign in with the HR publisher role');
    if ((await role.isChecked()) !== hr) await role.click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('is served with the tab security headers and no inline script', async () => {
    const res = await fetch(`${server.url}/tabs/admin/`);
    expect(res.status).to.equal(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("script-src 'self'");
    expect(csp).to.include('frame-ancestors');
    expect(csp).to.include('https://teams.microsoft.com');
    expect(csp).not.to.include('unsafe-inline');
    const html = await res.text();
    expect(html).to.match(/<script type="module" src="main.js"><\/script>/);
    expect(html.match(/<script\b[^>]*>[^<]+<\/script>/g) ?? [], 'inline scripts').to.deep.equal([]);
  });

  it('lets an HR publisher edit a document, see the checks and the card preview, publish, and find the change in the history', async () => {
    await signIn(true);
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
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-with-a-problem.png'), fullPage: true });
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
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-with-preview.png'), fullPage: true });

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
    await page.screenshot({ path: path.join(ARTIFACTS, 'history-with-diff.png'), fullPage: true });

    // The audit log names who published which version.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const entry = page.locator('tbody tr', { hasText: 'sickness-absence' }).first();
    expect(await entry.textContent()).to.include(HR_EMAIL).and.include('publish');
  });

  it('shows feedback on answers, least helpful first, with the comments', async () => {
    await signIn(true, '#/feedback');
    const doc = page.locator('article.feedback-doc', { hasText: 'Managing sickness absence' });
    await doc.waitFor();
    expect(await doc.textContent()).to.include('1 said helpful, 1 said not helpful').and.include('Needed the phased return rules');
  });

  it('restores an earlier version as a new version from the history', async () => {
    await signIn(true, '#/documents/one-to-ones/history');
    await publishThroughApi('one-to-ones', (md) => md.replace(/^title: .*$/m, 'title: One-to-ones, revised'), 'Trial wording');
    await page.reload();
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByLabel('Why restore it (change note)').fill('Back to the original wording');
    await page.locator('form.restore-form').getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByText('Restored version 1 as version 3').waitFor();
    const restored = page.locator('table.history tbody tr').first();
    expect(await restored.textContent()).to.include('Restored').and.include('Back to the original wording');
  });

  it('shows the dashboard charts, each with its figures as a table', async () => {
    await signIn(true, '#/dashboard');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const figures = page.locator('figure.chart');
    await figures.first().waitFor();
    const titles = await page.locator('figure.chart h3').allTextContents();
    expect(titles).to.deep.equal(['Questions per week', 'Answered, clarified and declined', 'Helpfulness by document', 'Top topics', 'Wellbeing nudges by department', 'Onboarding check-ins']);
    for (let i = 0; i < titles.length; i++) {
      const figure = figures.nth(i);
      // The picture is an image with a spoken summary; the table carries the numbers.
      expect(await figure.locator('canvas').getAttribute('role')).to.equal('img');
      expect(await figure.locator('canvas').getAttribute('aria-label')).to.have.length.greaterThan(titles[i]!.length + 10);
      expect(await figure.locator('table caption').textContent()).to.equal(`${titles[i]}: the figures`);
      expect(await drawnPixels(figure.locator('canvas')), `${titles[i]} is drawn`).to.be.greaterThan(100);
    }
    // The seeded questions: 3 answered, 1 clarified, 2 declined.
    const outcomes = figures.nth(1);
    await outcomes.locator('summary').click();
    const rows = await outcomes.locator('tbody tr').allTextContents();
    expect(rows).to.deep.equal(['Answered3', 'Clarified1', 'Declined2']);
    // The seeded nudges: columns are held on time, held late, snoozed, skipped (on leave, left the team, other), undeliverable, total.
    const nudgeFigures = figures.nth(4);
    await nudgeFigures.locator('summary').click();
    const department = nudgeFigures.locator('tbody tr', { hasText: 'Emergency department' });
    const cells = (await department.locator('td').allTextContents()).map(Number);
    expect(cells[0]! + cells[1]!, 'held').to.equal(2);
    expect(cells.slice(2), 'snoozed, skipped on leave, left the team, other, undeliverable, total').to.deep.equal([1, 1, 1, 0, 0, 5]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('lists unanswered questions, most asked first, and opens the editor for the document that should answer one', async () => {
    await signIn(true, '#/unanswered');
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

  it('uploads a roster file and shows the report line by line', async () => {
    await signIn(true, '#/roster');
    const csv = [
      'employee_id,display_name,email,manager_email,start_date,department,job_title',
      'E1,Ann Example,ann@example.nhs.uk,boss@example.nhs.uk,2026-01-05,Pharmacy,Pharmacist',
      'E2,Bob Example,bob@example.nhs.uk,boss@example.nhs.uk,not-a-date,Pharmacy,Technician',
    ].join('\n');
    await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload the roster' }).click();
    await page.getByText('1 person added or updated').waitFor();
    const problem = page.locator('.roster-report tbody tr').first();
    expect(await problem.textContent()).to.include('3').and.include('start_date');
  });

  it('works at phone width (375 px) without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(true);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(375);
    await page.screenshot({ path: path.join(ARTIFACTS, 'documents-375px.png'), fullPage: true });
    await page.goto(`${server.url}/tabs/admin/#/dashboard`);
    await page.locator('figure.chart canvas').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(375);
  });

  it('can be used with the keyboard alone', async () => {
    await signIn(true);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    // After signing in, focus is where the form was (the content); Shift+Tab goes back up to the menu.
    for (let i = 0; i < 30 && (await page.evaluate<string | undefined>('document.activeElement?.textContent')) !== 'Dashboard'; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).to.equal('Dashboard');
  });

  it('follows a dark theme', async () => {
    await page.goto(`${server.url}/tabs/admin/?theme=dark&as=${HR_EMAIL}`);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).to.equal('dark');
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).to.equal('rgb(31, 31, 31)');
  });

  it('tells someone without the HR publisher role that they need it', async () => {
    await signIn(false);
    await page.getByRole('heading', { name: 'You need the HR publisher role' }).waitFor();
    expect(await page.locator('#nav').isHidden()).to.equal(true);
    expect(await page.locator('table').count()).to.equal(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'not-an-hr-publisher.png'), fullPage: true });
  });

  /** Calls the admin API as the HR publisher, with a development token of its own. */
  async function devToken(): Promise<string> {
    const res = await fetch(`${server.url}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: HR_EMAIL, hr: true }) });
    return ((await res.json()) as { token: string }).token;
  }

  async function adminGet(apiPath: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${server.url}${apiPath}`, { headers: { authorization: `Bearer ${await devToken()}` } });
    expect(res.status, apiPath).to.equal(200);
    return (await res.json()) as Record<string, unknown>;
  }

  async function publishThroughApi(id: string, change: (markdown: string) => string, changeNote: string): Promise<void> {
    const doc = await adminGet(`/api/admin/documents/${id}`);
    const res = await fetch(`${server.url}/api/admin/documents/${id}/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await devToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ markdown: change(String(doc.markdown)), changeNote }),
    });
    expect(res.status, await res.clone().text()).to.equal(200);
  }
});

/** In Teams (a stand-in host running the real teams-js): Teams SSO tokens and the Teams theme. */
describe('Admin tab inside Teams (Chromium)', function () {
  let server: TestServer;
  let issuer: TokenIssuer;
  let browser: Browser | undefined;

  before(async function () {
    browser = await launchBrowser(this, [ALLOW_LOOPBACK_FRAMES]);
    issuer = await startTokenIssuer();
    server = await startTestServer({ LOG_LEVEL: 'warn', ...issuer.env });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await issuer?.stop();
  });

  it('signs an HR publisher in with Teams SSO, follows the Teams theme and its changes, and shows no development banner', async () => {
    const token = await issuer.sign({ oid: 'oid-hr-person', email: 'hr.lead@nhs.net', groups: [HR_GROUP_ID] });
    const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
    await openInTeamsHost(page, `${server.url}/tabs/admin/#/dashboard`, { entityId: 'admin', theme: 'contrast', token });
    const tab = page.frameLocator('#tab');
    await tab.locator('figure.chart canvas').first().waitFor({ timeout: UI_WAIT_MS });
    expect(await tab.locator('html').getAttribute('data-theme')).to.equal('contrast');
    expect(await tab.locator('.dev-banner').count()).to.equal(0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-in-teams-contrast.png'), fullPage: true });
    await page.evaluate("changeTheme('dark')");
    await tab.locator('html[data-theme="dark"]').waitFor();
    await tab.locator('figure.chart canvas').first().waitFor();
    expect(await tab.locator('figure.chart').count()).to.equal(6);
  });

  it('tells a Teams user without the HR publisher role that they need it', async () => {
    const token = await issuer.sign({ oid: 'oid-manager', email: 'ward.manager@nhs.net' });
    const page = await browser!.newPage();
    await openInTeamsHost(page, `${server.url}/tabs/admin/`, { entityId: 'admin', token });
    const refusal = page.frameLocator('#tab').getByRole('heading', { name: 'You need the HR publisher role' });
    await refusal.waitFor({ timeout: UI_WAIT_MS });
    expect(await refusal.isVisible()).to.equal(true);
  });
});

/** Questions, unanswered questions and feedback, written through the real store. */
async function seedFigures(server: TestServer): Promise<void> {
  const now = new Date();
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86400000);
  await server.app.store.saveQuestionLog({
    questions: [
      { askedAt: at(1), status: 'answer', docId: 'sickness-absence', section: 'what-to-do' },
      { askedAt: at(2), status: 'answer', docId: 'sickness-absence', section: 'what-to-do' },
      { askedAt: at(9), status: 'answer', docId: 'flexible-working', section: 'overview' },
      { askedAt: at(3), status: 'clarify', docId: undefined, section: undefined },
      { askedAt: at(4), status: 'none', docId: undefined, section: undefined },
      { askedAt: at(10), status: 'none', docId: undefined, section: undefined },
    ],
    unanswered: [
      { text: 'jury service leave', at: at(4) },
      { text: 'can I claim for parking at work', at: at(10) },
      { text: 'can I claim for parking at work', at: at(3) },
      { text: 'Can I claim for parking at work', at: at(2) },
    ],
  });
  // Six people in one department (at least the minimum group of 5, so shown by name), five answered nudges.
  const manager = 'ed.manager@example.nhs.uk';
  // Started five weeks ago, so each first wellbeing nudge falls due inside the dashboard's period.
  const started = at(35).toISOString().slice(0, 10);
  const roster = ['employee_id,display_name,email,manager_email,start_date,department,job_title', ...[1, 2, 3, 4, 5, 6].map((n) => `D${n},Person ${n},,${manager},${started},Emergency department,Nurse`)];
  const store = server.app.store;
  const holidays = bankHolidays('england-and-wales');
  await importRoster({ store, clock: systemClock }, Readable.from([roster.join('\n')]), { full: false });
  await planWellbeingNudges({ nudges: store.nudges, holidays, defaultCadenceWeeks: 6 }, now);
  const { nudges } = await store.nudges.teamOf(manager);
  const today = now.toISOString().slice(0, 10);
  const outcomes: Outcome[] = [
    { kind: 'held', on: today },
    { kind: 'held', on: today },
    { kind: 'snoozed', for: '1w' },
    { kind: 'skipped', reason: 'on-leave' },
    { kind: 'skipped', reason: 'left-team' },
  ];
  const wellbeing = nudges.filter((n) => n.kind === 'wellbeing');
  for (const [i, outcome] of outcomes.entries()) {
    await recordNudgeOutcome({ nudges: store.nudges, people: store, clock: systemClock, holidays }, manager, wellbeing[i]!.id, outcome);
  }
  await server.app.store.recordFeedback({ answerId: 'a1', docId: 'sickness-absence', section: 'what-to-do', helpful: true, comment: undefined, at: at(1) });
  await server.app.store.recordFeedback({ answerId: 'a2', docId: 'sickness-absence', section: 'what-to-do', helpful: false, comment: 'Needed the phased return rules', at: at(1) });
}

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout: UI_WAIT_MS });
  expect(await locator.filter({ hasText: text }).count(), text).to.be.greaterThan(0);
}

/** How many pixels of a canvas are not blank: a chart that drew nothing has none. */
async function drawnPixels(canvas: import('playwright-core').Locator): Promise<number> {
  // Typed by shape: this file is type-checked without the DOM library.
  type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
  return canvas.evaluate((node) => {
    const el = node as unknown as Canvas;
    const g = el.getContext('2d');
    if (!g || !el.width || !el.height) return 0;
    const { data } = g.getImageData(0, 0, el.width, el.height);
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
    return drawn;
  });
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
}
