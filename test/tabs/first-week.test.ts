import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { fixedClock, systemClock } from '../../src/clock.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { planWellbeingNudges } from '../../src/nudges/plan-nudges.js';
import { recordNudgeOutcome } from '../../src/nudges/record-outcome.js';
import { UI_WAIT_MS, launchBrowser } from '../helpers/browser.js';
import { seedTeams } from '../helpers/team.js';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * What managers and HR met in their first week (issue #14), in Debian's Chromium against the real
 * service in local mode. Screenshots go to test-artifacts/first-week/ for people to look at; the
 * assertions are what test.
 */
// Functions run in the page: this file is type-checked without the DOM library, so what they use is declared by shape.
declare const document: { createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void; getBoundingClientRect(): { right: number } } };
declare function getComputedStyle(el: unknown): { lineHeight: string };
type HTMLInputElement = { value: string; labels: ArrayLike<unknown> | null };

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'first-week');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const HR_EMAIL = 'hr.publisher@example.nhs.uk';

async function snap(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

describe('First-week fixes in the tabs (Chromium)', function () {
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  before(async function () {
    browser = await launchBrowser(this);
  });
  after(async () => browser?.close());

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    context = await browser!.newContext({ viewport });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    return page;
  }
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'script errors on the page').to.deep.equal([]);
  });

  describe('My team', () => {
    const clock = fixedClock('2026-11-24T10:00:00Z');
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ LOG_LEVEL: 'warn' }, clock);
      await seedTeams(server, clock);
    });
    after(async () => server?.stop());

    it('says how many check-ins were held and how many skipped, and a snoozed one still counts once', async () => {
      const store = server.app.store;
      const deps = { nudges: store.nudges, people: store, clock, holidays: bankHolidays('england-and-wales') };
      const steps = (await store.nudges.teamOf('ward.manager@nhs.net')).nudges.filter((n) => n.employeeId === 'E2');
      const step = (id: string) => steps.find((n) => n.stepId === id)!.id;
      // Alex started on 16 November: day 30, day 90 and day 150 are planned. The manager skips the first,
      // snoozes the second for a week, and has held none.
      await recordNudgeOutcome(deps, 'ward.manager@nhs.net', step('day-30'), { kind: 'skipped', reason: 'other' });
      await recordNudgeOutcome(deps, 'ward.manager@nhs.net', step('day-90'), { kind: 'snoozed', for: '1w' });

      await open(PHONE);
      await page.goto(`${server.url}/tabs/my-team/?as=ward.manager@nhs.net`);
      const alex = page.locator('article.report', { has: page.getByRole('heading', { name: 'Alex Jones' }) });
      await alex.waitFor({ timeout: UI_WAIT_MS });
      const onboarding = await alex.locator('dd').nth(2).textContent();
      expect(onboarding).to.equal('3 check-ins: none held, 1 skipped, 2 to come; next: Three month check-in, 1 December 2026');
      await snap(page, 'my-team-skipped-390px');
    });

    it('keeps the development banner to one line on a phone', async () => {
      await open(PHONE);
      await page.goto(`${server.url}/tabs/my-team/?as=ward.manager@nhs.net`);
      await page.getByRole('heading', { name: 'Sam Patel' }).waitFor({ timeout: UI_WAIT_MS });
      const banner = page.locator('.dev-banner');
      const box = (await banner.boundingBox())!;
      const lineHeight = await banner.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
      // One line of text and its padding: well under a tenth of the screen (it was over a fifth).
      expect(box.height, 'banner height in px').to.be.at.most(lineHeight + 20);
      expect(box.height).to.be.below(PHONE.height / 10);
      // What it says is still there for a screen reader, and the way to sign in as someone else.
      expect(await banner.textContent()).to.contain('Development mode').and.contain('ward.manager@nhs.net');
      expect(await banner.getByRole('button', { name: /someone else/ }).isVisible()).to.equal(true);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(PHONE.width);
      await snap(page, 'my-team-banner-390px', false);
    });
  });

  describe('HR dashboard with every group below the minimum size', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ LOG_LEVEL: 'warn' });
      await seedSmallWard(server);
    });
    after(async () => server?.stop());

    for (const [name, viewport] of [['1280px', DESKTOP], ['390px', PHONE]] as const) {
      it(`says plainly that the figures are withheld until a group reaches 5 people, and for how many (${name})`, async () => {
        await open(viewport);
        await page.goto(`${server.url}/tabs/admin/?as=${HR_EMAIL}#/dashboard`);
        const nudges = page.locator('figure#chart-nudges');
        await nudges.waitFor({ timeout: UI_WAIT_MS });
        // Pictures first, so a failing run leaves them too (the "before" pictures of issue #14).
        await nudges.scrollIntoViewIfNeeded();
        await snap(page, `dashboard-withheld-${name}`);
        await nudges.screenshot({ path: path.join(ARTIFACTS, `dashboard-withheld-nudges-${name}.png`) });
        const summary = (await nudges.locator('.chart-summary').textContent())!;
        expect(summary).not.to.match(/0 groups|left out/);
        expect(summary).to.contain('withheld until a group has at least 5 people');
        expect(summary).to.contain('4 people');
        expect(await nudges.textContent()).not.to.contain('No figures for this period yet');
        expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(viewport.width);
      });
    }
  });

  describe('HR editor', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ LOG_LEVEL: 'warn' });
    });
    after(async () => server?.stop());

    const raw = () => page.getByLabel('Document (Markdown with front matter)');

    it('after publishing, the header names the new version', async () => {
      await open(DESKTOP);
      await page.goto(`${server.url}/tabs/admin/?as=${HR_EMAIL}#/documents/probation`);
      await raw().waitFor({ timeout: UI_WAIT_MS });
      const header = page.locator('.editor p', { hasText: /^Version \d+, / });
      expect(await header.textContent()).to.match(/^Version 1, live\./);
      await raw().fill((await raw().inputValue()).replace(/^title: (.*)$/m, 'title: $1 for managers'));
      await page.getByLabel('What changed (change note)').fill('Longer title');
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByText('Published version 2').waitFor();
      await header.filter({ hasText: /^Version 2, live\./ }).waitFor({ timeout: UI_WAIT_MS });
      expect(await page.getByRole('heading', { level: 2 }).textContent()).to.match(/for managers$/);
    });

    it('wraps the diff so a changed word at the end of a long line is on screen at 390 px', async () => {
      const markdown = await adminGet(server, '/api/admin/documents/menopause').then((d) => String(d.markdown));
      const long = markdown.split('\n').find((l) => l.length > 120 && !l.startsWith('---'))!;
      const changed = markdown.replace(long, `${long} Zebracrossingword.`);
      await publish(server, 'menopause', changed, 'A word at the end of a long line');
      await open(PHONE);
      await page.goto(`${server.url}/tabs/admin/?as=${HR_EMAIL}#/documents/menopause/history`);
      await page.getByRole('button', { name: 'Compare with version 1' }).click();
      const word = page.locator('.diff-added').filter({ hasText: 'Zebracrossingword' });
      await word.waitFor();
      const diff = page.locator('pre.diff');
      const sizes = await diff.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(sizes.scroll, 'the diff scrolls sideways').to.be.at.most(sizes.client);
      // The changed word itself is drawn inside the phone's width.
      const end = await word.evaluate((el) => {
        const text = el.firstChild!;
        const at = text.textContent!.indexOf('Zebracrossingword');
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + 'Zebracrossingword'.length);
        return range.getBoundingClientRect().right;
      });
      expect(end).to.be.at.most(PHONE.width);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(PHONE.width);
      await snap(page, 'history-diff-390px');
    });

    it('edits the front matter in a form that round-trips with the raw Markdown and keeps fields it does not know', async () => {
      await open(PHONE);
      // A field the form does not edit (example questions, grouped by section) and a comment must survive untouched.
      const original = await adminGet(server, '/api/admin/documents/one-to-ones').then((d) => String(d.markdown));
      // (The guide's own example questions, with their comment, must survive too: they are in `original`.)
      const extra = ['# Local notes for this trust, kept by HR', 'local_notes:', '  what-to-do:', '    - "How often should I hold one-to-ones?"', '    - What do we talk about, in a 1:1?'].join('\n');
      const seeded = original.replace(/\n---\n/, `\n${extra}\n---\n`);
      await page.goto(`${server.url}/tabs/admin/?as=${HR_EMAIL}#/documents/one-to-ones`);
      await raw().waitFor({ timeout: UI_WAIT_MS });
      await raw().fill(seeded);

      // Raw edit → form.
      const form = page.getByRole('group', { name: 'Document details' });
      await expect(await form.getByLabel('Title', { exact: true }).inputValue()).to.equal(frontMatterValue(seeded, 'title'));
      await raw().fill(seeded.replace(/^title: .*$/m, 'title: One-to-ones that matter'));
      await waitForValue(form.getByLabel('Title', { exact: true }), 'One-to-ones that matter');

      // Every input in the form has a label.
      for (const label of ['Title', 'Summary', 'Keywords', 'Other ways managers ask (synonyms)', 'Owner', 'Last reviewed', 'Review due', 'Source title', 'Source web address']) {
        expect(await form.getByLabel(label, { exact: true }).count(), label).to.equal(1);
      }
      const unlabelled = await form.locator('input, textarea, select').evaluateAll((els) => els.filter((el) => !(el as HTMLInputElement).labels?.length).length);
      expect(unlabelled, 'inputs without a label').to.equal(0);

      // Form → raw: only the edited fields change; the unknown field and comment stay byte for byte.
      await form.getByLabel('Summary', { exact: true }).fill('Regular, protected time with each person: how to hold it well.');
      await form.getByLabel('Keywords', { exact: true }).fill('one-to-one\nsupervision\ncheck-in, weekly');
      await form.getByLabel('Review due', { exact: true }).fill('2027-03-31');
      await form.getByLabel('Source web address', { exact: true }).fill('https://www.england.nhs.uk/one-to-ones');
      const after = await raw().inputValue();
      expect(after).to.contain(extra);
      expect(frontMatterValue(after, 'title')).to.equal('One-to-ones that matter');
      expect(after).to.match(/^review_due: 2027-03-31$/m);
      expect(after).to.match(/^keywords: \[one-to-one, supervision, "check-in, weekly"\]$/m);
      expect(after).to.contain('  url: https://www.england.nhs.uk/one-to-ones');
      expect(after).to.contain('Regular, protected time with each person: how to hold it well.');
      // The rest of the document (the body) is unchanged.
      expect(after.slice(after.indexOf('\n---\n'))).to.equal(seeded.slice(seeded.indexOf('\n---\n')));
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(PHONE.width);
      await snap(page, 'editor-form-390px');
    });

    it('answers a question HR types with the card the assistant would give from the draft', async () => {
      await open(DESKTOP);
      await page.goto(`${server.url}/tabs/admin/?as=${HR_EMAIL}#/documents/sickness-absence`);
      await raw().waitFor({ timeout: UI_WAIT_MS });
      // A step only the draft has.
      const draft = (await raw().inputValue()).replace('## What to do\n', '## What to do\nPhone the absence line before 9am and log it in the rota system.\n\n');
      await raw().fill(draft);
      const ask = page.getByLabel('Try a question a manager might ask');
      await ask.fill('someone rang in sick what do i do');
      await page.getByRole('button', { name: 'Show the answer' }).click();
      const preview = page.locator('.preview-pane');
      await preview.getByText('Phone the absence line before 9am').waitFor({ timeout: UI_WAIT_MS });
      expect(await preview.locator('.preview-outcome').textContent()).to.contain('answer from this draft');
      await snap(page, 'editor-try-a-question');

      // A question another document answers says so, with that document's card.
      await ask.fill('can I work from home some days');
      await page.getByRole('button', { name: 'Show the answer' }).click();
      await preview.locator('.preview-outcome', { hasText: 'another document' }).waitFor({ timeout: UI_WAIT_MS });
      expect(await preview.locator('.preview-outcome').textContent()).to.contain('Flexible working');
      // A question nothing answers shows the assistant's "not found" card.
      await ask.fill('what is the car parking charge at the hospital');
      await page.getByRole('button', { name: 'Show the answer' }).click();
      await preview.locator('.preview-outcome', { hasText: 'would not answer' }).waitFor({ timeout: UI_WAIT_MS });
    });
  });
});

/** Four people on one ward (below the minimum group of 5), two conversations marked held. */
async function seedSmallWard(server: TestServer): Promise<void> {
  const now = new Date();
  const started = new Date(now.getTime() - 35 * 86400000).toISOString().slice(0, 10);
  const manager = 'small.ward@example.nhs.uk';
  const roster = ['employee_id,display_name,email,manager_email,start_date,department,job_title', ...[1, 2, 3, 4].map((n) => `S${n},Person ${n},,${manager},${started},Ward 3,Nurse`)];
  const store = server.app.store;
  const holidays = bankHolidays('england-and-wales');
  await importRoster({ store, clock: systemClock }, Readable.from([roster.join('\n')]), { full: false });
  await planWellbeingNudges({ nudges: store.nudges, holidays, defaultCadenceWeeks: 6 }, now);
  const wellbeing = (await store.nudges.teamOf(manager)).nudges.filter((n) => n.kind === 'wellbeing');
  const today = now.toISOString().slice(0, 10);
  for (const nudge of wellbeing.slice(0, 2)) {
    await recordNudgeOutcome({ nudges: store.nudges, people: store, clock: systemClock, holidays }, manager, nudge.id, { kind: 'held', on: today });
  }
}

function frontMatterValue(markdown: string, key: string): string {
  return new RegExp(`^${key}: (.*)$`, 'm').exec(markdown)?.[1] ?? '';
}

/** Waits for an input to hold a value; the value, not the time, decides. */
async function waitForValue(input: Locator, value: string): Promise<void> {
  const handle = await input.elementHandle();
  await input.page().waitForFunction(([el, v]) => (el as HTMLInputElement).value === v, [handle, value] as const, { timeout: UI_WAIT_MS }).catch(() => undefined);
  expect(await input.inputValue()).to.equal(value);
}

async function devToken(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: HR_EMAIL, hr: true }) });
  return ((await res.json()) as { token: string }).token;
}

async function adminGet(server: TestServer, apiPath: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}${apiPath}`, { headers: { authorization: `Bearer ${await devToken(server)}` } });
  expect(res.status, apiPath).to.equal(200);
  return (await res.json()) as Record<string, unknown>;
}

async function publish(server: TestServer, id: string, markdown: string, changeNote: string): Promise<void> {
  const res = await fetch(`${server.url}/api/admin/documents/${id}/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await devToken(server)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ markdown, changeNote }),
  });
  expect(res.status, await res.clone().text()).to.equal(200);
}
