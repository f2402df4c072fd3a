import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { fixedClock } from '../../src/clock.js';
import { ALLOW_LOOPBACK_FRAMES, UI_WAIT_MS, launchBrowser } from '../helpers/browser.js';
import { seedTeams, TEAM_MANAGER_OIDS } from '../helpers/team.js';
import { openInTeamsHost } from '../helpers/teams-host.js';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/test-server.js';
import { startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';

/** Screenshots for people to look at (CI keeps them as artefacts); the assertions are what test. */
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'tabs');
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1024, height: 900 };

const clock = fixedClock('2026-11-24T10:00:00Z');

async function snap(target: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await target.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe('Teams tabs in Chromium', function () {
  let browser: Browser;
  before(async function () {
    browser = await launchBrowser(this, [ALLOW_LOOPBACK_FRAMES]);
  });
  after(async () => browser?.close());

  describe('inside Teams (a stand-in Teams host running the real teams-js)', () => {
    let server: TestServer;
    let issuer: TokenIssuer;
    before(async () => {
      issuer = await startTokenIssuer();
      server = await startTestServer({ LOG_LEVEL: 'warn', ...issuer.env }, clock);
      await seedTeams(server, clock);
    });
    after(async () => {
      await server?.stop();
      await issuer?.stop();
    });

    const tabFrame = (page: Page): Frame => page.frames().find((f) => f.url().includes('/tabs/'))!;

    it('Guidance: a deep link opens the document in the Teams theme, and search finds and opens another', async () => {
      const page = await browser.newPage({ viewport: DESKTOP });
      await openInTeamsHost(page, `${server.url}/tabs/guidance/`, { theme: 'dark', subEntityId: 'flexible-working#what-to-do' });
      const tab: FrameLocator = page.frameLocator('#tab');
      await tab.getByRole('heading', { name: 'Flexible working', level: 2 }).waitFor({ timeout: UI_WAIT_MS });
      expect(await tab.locator('html').getAttribute('data-theme')).to.equal('dark');
      expect(await tab.getByText(/Last reviewed \d+ \w+ \d{4}; review due/).isVisible()).to.equal(true);
      expect(await tab.getByRole('navigation', { name: 'Related topics' }).getByRole('link').count()).to.be.within(1, 3);
      expect(await tab.locator('.dev-banner').count()).to.equal(0);
      // Dark theme: light text on a dark page.
      // A string: the test programme is type-checked without the DOM library.
      const colours = await tabFrame(page).evaluate('({ fg: getComputedStyle(document.body).color, bg: getComputedStyle(document.body).backgroundColor })');
      expect(colours).to.deep.equal({ fg: 'rgb(255, 255, 255)', bg: 'rgb(31, 31, 31)' });
      await snap(page, 'guidance-document-dark-in-teams');

      await tab.getByLabel('Search the guidance').fill('someone rang in sick what do i do');
      await tab.getByLabel('Search the guidance').press('Enter');
      const first = tab.locator('ul.results li a').first();
      await first.waitFor();
      expect(await first.textContent()).to.equal('Managing sickness absence');
      await first.click();
      await tab.getByRole('heading', { name: 'Managing sickness absence', level: 2 }).waitFor();
      expect(await tab.getByRole('heading', { name: 'What to do', level: 3 }).isVisible()).to.equal(true);
      // Teams switches theme while the tab is open: the tab follows.
      await page.evaluate("changeTheme('contrast')");
      await tab.locator('html[data-theme="contrast"]').waitFor();
      await snap(page, 'guidance-document-high-contrast-in-teams');
      await page.close();
    });

    it("My team: Teams SSO shows a manager only their own reports; the API refuses another manager's report", async () => {
      const token = await issuer.sign({ oid: TEAM_MANAGER_OIDS.ward, email: 'ward.manager@nhs.net', name: 'Wendy Ward' });
      const page = await browser.newPage({ viewport: PHONE });
      await openInTeamsHost(page, `${server.url}/tabs/my-team/`, { entityId: 'my-team', token });
      const tab = page.frameLocator('#tab');
      await tab.getByRole('heading', { name: 'Sam Patel' }).waitFor({ timeout: UI_WAIT_MS });
      const names = await tab.locator('article.report h2').allTextContents();
      expect(names).to.deep.equal(['Alex Jones', 'Sam Patel']);
      expect(await tab.getByText('Priya Shah').count()).to.equal(0);
      const sam = tab.locator('article.report', { has: tab.getByRole('heading', { name: 'Sam Patel' }) });
      expect(await sam.locator('dd').allTextContents()).to.deep.equal(['None recorded yet', '24 November 2026']);
      const alex = tab.locator('article.report', { has: tab.getByRole('heading', { name: 'Alex Jones' }) });
      expect(await alex.locator('dd').nth(2).textContent()).to.equal('3 check-ins: none held, 3 to come; next: First month check-in, 16 December 2026');
      await snap(page, 'my-team-375px-in-teams');

      // The same signed-in manager asking the API for someone else's report is refused.
      const refused = await tabFrame(page).evaluate(async (t) => {
        const res = await fetch('/api/team/reports/E3', { headers: { authorization: `Bearer ${t}` } });
        return { status: res.status, body: await res.text() };
      }, token);
      expect(refused.status).to.equal(403);
      expect(refused.body).not.to.contain('Priya');

      // Mark a conversation held, by keyboard.
      await sam.getByRole('button', { name: 'Mark a wellbeing conversation as held' }).press('Enter');
      await sam.getByLabel('Date held').fill('2026-11-20');
      await sam.getByRole('button', { name: 'Save' }).press('Enter');
      const saved = tab.locator('article.report', { has: tab.getByRole('heading', { name: 'Sam Patel' }) });
      await saved.getByText('Saved: wellbeing conversation with Sam Patel held on 20 November 2026. The next one is due around 1 January 2027.').waitFor();
      expect(await saved.locator('dd').allTextContents()).to.deep.equal(['20 November 2026', '1 January 2027']);
      expect((await server.app.store.nudges.openWellbeingNudge('E1'))!.dueDate).to.equal('2027-01-01');
      await page.close();
    });

    it('My team says so, instead of showing anything, when Teams cannot give a sign-in token', async () => {
      const page = await browser.newPage({ viewport: DESKTOP });
      await openInTeamsHost(page, `${server.url}/tabs/my-team/`, { entityId: 'my-team' });
      const tab = page.frameLocator('#tab');
      await tab.getByRole('alert').waitFor({ timeout: UI_WAIT_MS });
      expect(await tab.getByRole('alert').textContent()).to.match(/^Teams could not sign you in/);
      expect(await tab.locator('article.report').count()).to.equal(0);
      await page.close();
    });
  });

  describe('outside Teams, in production-like mode (no development sign-in)', () => {
    let server: TestServer;
    let issuer: TokenIssuer;
    before(async () => {
      issuer = await startTokenIssuer();
      server = await startTestServer({ LOG_LEVEL: 'warn', ...issuer.env }, clock);
    });
    after(async () => {
      await server?.stop();
      await issuer?.stop();
    });

    for (const [tab, title] of [['guidance', 'Guidance'], ['my-team', 'My team']] as const) {
      it(`${title} says how to open it in Teams instead of hanging`, async () => {
        const page = await browser.newPage({ viewport: PHONE });
        const started = Date.now();
        await page.goto(`${server.url}/tabs/${tab}/`);
        await page.getByRole('heading', { name: 'Open this page in Microsoft Teams' }).waitFor({ timeout: UI_WAIT_MS });
        console.log(`      (${title}: message shown ${Date.now() - started} ms after navigation)`);
        expect(await page.getByText(`choose the ${title} tab`).isVisible()).to.equal(true);
        expect(await page.getByRole('status').textContent()).to.equal('');
        expect(await page.locator('.dev-banner').count()).to.equal(0);
        await snap(page, `${tab}-outside-teams-375px`);
        await page.close();
      });
    }
  });

  describe('outside Teams in local mode (development sign-in)', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ LOG_LEVEL: 'warn' }, clock);
      await seedTeams(server, clock);
    });
    after(async () => server?.stop());

    it('Guidance works with a warning banner, honours ?theme=dark, and searches and opens a document at 375 px', async () => {
      const page = await browser.newPage({ viewport: PHONE });
      await page.goto(`${server.url}/tabs/guidance/?theme=dark`);
      await page.getByRole('heading', { name: 'Browse by stage' }).waitFor({ timeout: UI_WAIT_MS });
      expect(await page.locator('.dev-banner').textContent()).to.contain('Development mode');
      expect(await page.locator('html').getAttribute('data-theme')).to.equal('dark');
      // Browsing: a stage opens to its documents.
      await page.getByText(/^Absence, leave and flexibility/).click();
      expect(await page.getByRole('link', { name: 'Managing sickness absence' }).isVisible()).to.equal(true);
      await snap(page, 'guidance-browse-dark-375px');

      await page.getByLabel('Search the guidance').fill('menapause support');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'Menopause' }).first().click();
      await page.getByRole('heading', { name: /Menopause/, level: 2 }).waitFor();
      // Nothing is wider than the phone: no sideways scrolling.
      expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(PHONE.width);
      await snap(page, 'guidance-document-dark-375px');

      // A clinical question gets the same refusal as in the bot, not results.
      await page.getByLabel('Search the guidance').fill('what dose of paracetamol should a patient take');
      await page.getByLabel('Search the guidance').press('Enter');
      await page.getByRole('heading', { name: "I can't help with clinical questions" }).waitFor();
      await page.close();
    });

    it('My team signs in through the development sign-in and shows only that manager’s reports', async () => {
      const page = await browser.newPage({ viewport: PHONE });
      await page.goto(`${server.url}/tabs/my-team/?as=other.manager@nhs.net`);
      await page.getByRole('heading', { name: 'Priya Shah' }).waitFor({ timeout: UI_WAIT_MS });
      expect(await page.locator('article.report h2').allTextContents()).to.deep.equal(['Priya Shah']);
      expect(await page.locator('.dev-banner').textContent()).to.contain('Signed in as other.manager@nhs.net');
      const refused = await page.evaluate(async () => {
        const token = sessionStorage.getItem('lma-dev-token');
        const res = await fetch('/api/team/reports/E1', { headers: { authorization: `Bearer ${token}` } });
        return res.status;
      });
      expect(refused).to.equal(403);
      await snap(page, 'my-team-development-375px');
      await page.close();
    });
  });
});
