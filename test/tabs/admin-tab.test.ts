import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { ADMIN_ARTIFACTS, adminTab, HR_EMAIL } from '../helpers/admin-tab.js';
import { ALLOW_LOOPBACK_FRAMES, UI_WAIT_MS, launchBrowser } from '../helpers/browser.js';
import { openInTeamsHost } from '../helpers/teams-host.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { HR_GROUP_ID, startTokenIssuer, type TokenIssuer } from '../helpers/tokens.js';

/**
 * The admin tab as a whole, whatever the view: how it is served, phone width, the keyboard, themes,
 * and who may use it. Its views are tested in admin-documents and admin-figures.
 */
describe('Admin tab (Chromium)', function () {
  const admin = adminTab();

  it('is served with the tab security headers and no inline script', async () => {
    const { server } = admin;
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

  it('works at phone width (375 px) without sideways scrolling', async () => {
    const { page, server } = admin;
    await page.setViewportSize({ width: 375, height: 800 });
    await admin.signIn(true);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(375);
    await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, 'documents-375px.png'), fullPage: true });
    await page.goto(`${server.url}/tabs/admin/#/dashboard`);
    await page.locator('figure.chart canvas').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(375);
  });

  it('can be used with the keyboard alone', async () => {
    const { page } = admin;
    await admin.signIn(true);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    // After signing in, focus is where the form was (the content); Shift+Tab goes back up to the menu.
    for (let i = 0; i < 30 && (await page.evaluate<string | undefined>('document.activeElement?.textContent')) !== 'Dashboard'; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).to.equal('Dashboard');
  });

  it('follows a dark theme', async () => {
    const { page, server } = admin;
    await page.goto(`${server.url}/tabs/admin/?theme=dark&as=${HR_EMAIL}`);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).to.equal('dark');
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).to.equal('rgb(31, 31, 31)');
  });

  it('tells someone without the HR publisher role that they need it', async () => {
    const { page } = admin;
    await admin.signIn(false);
    await page.getByRole('heading', { name: 'You need the HR publisher role' }).waitFor();
    expect(await page.locator('#nav').isHidden()).to.equal(true);
    expect(await page.locator('table').count()).to.equal(0);
    await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, 'not-an-hr-publisher.png'), fullPage: true });
  });
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
    fs.mkdirSync(ADMIN_ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, 'dashboard-in-teams-contrast.png'), fullPage: true });
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
