import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { UI_WAIT_MS, launchBrowser } from '../helpers/browser.js';
import { startPlayground } from '../helpers/playground.js';
import { saveScreenshot } from '../helpers/card-renderer.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** Microsoft 365 Agents Playground stands in for Teams: a person types, the card must show. */
describe('Microsoft 365 Agents Playground (Chromium)', function () {
  let server: TestServer;
  let playground: Awaited<ReturnType<typeof startPlayground>> | undefined;
  let browser: Browser | undefined;
  let playgroundUrl: string;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startTestServer({ LOG_LEVEL: 'warn' });
    playground = await startPlayground(server);
    playgroundUrl = playground.url;
  });

  after(async () => {
    await browser?.close();
    playground?.stop();
    await server?.stop();
  });

  /** Opens the Playground at desktop width (at phone width its log panel covers the input box) and types a message. */
  async function ask(text: string) {
    const page = await browser!.newPage({ viewport: { width: 1200, height: 1100 } });
    await page.goto(playgroundUrl, { waitUntil: 'networkidle' });
    const input = page.locator('[contenteditable="true"], textarea, input[type="text"]').first();
    await input.waitFor({ timeout: UI_WAIT_MS });
    await input.focus();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    return page;
  }

  it('shows the answer card when a manager asks a question', async () => {
    const page = await ask('someone rang in sick, what do I do?');
    await page.getByText('Managing sickness absence').first().waitFor({ timeout: UI_WAIT_MS });
    expect(await page.getByText('Was this helpful?').first().isVisible()).to.equal(true);
    expect(await page.getByText('Last reviewed').first().isVisible()).to.equal(true);
  });

  it('browses in two levels: stages, a stage\'s topics (all of them), a topic opened below, back to the stages', async () => {
    const page = await ask('browse');
    const stage = page.getByRole('button', { name: /^Inclusion, culture and concerns: 7 topics$/ });
    await stage.waitFor({ timeout: UI_WAIT_MS });
    await saveScreenshot(page, 'chat', 'playground-browse-stages');
    await stage.click();
    // The stage card replaces the stages card in place, every topic a visible control: none behind "...".
    const topics = server.app.knowledge.pack.documents.filter((d) => d.stage === 'culture-and-concerns');
    for (const doc of topics) await page.getByRole('button', { name: doc.title, exact: true }).waitFor({ timeout: UI_WAIT_MS });
    expect(await page.getByRole('button', { name: /^Inclusion, culture and concerns/ }).count()).to.equal(0);
    await saveScreenshot(page, 'chat', 'playground-browse-stage');
    await page.getByRole('button', { name: 'Speaking up', exact: true }).click();
    await page.getByText('Opened below: Speaking up.').waitFor({ timeout: UI_WAIT_MS });
    await page.getByText('Was this helpful?').first().waitFor({ timeout: UI_WAIT_MS });
    await page.getByRole('button', { name: 'Back to topics' }).click();
    await stage.waitFor({ timeout: UI_WAIT_MS });
    await saveScreenshot(page, 'chat', 'playground-browse-back');
  });

  it('answers a message about a colleague at risk with the crisis card first', async () => {
    const page = await ask('one of my staff said she wants to kill herself');
    await page.getByText('If someone may be at risk, act now').first().waitFor({ timeout: UI_WAIT_MS });
    for (const route of ['Call 999, or go to A&E', 'Call NHS 111 and choose option 2', 'Call 116 123, from any phone', 'Text SHOUT to 85258']) {
      expect(await page.getByText(route).first().isVisible(), route).to.equal(true);
    }
    expect(await page.getByText('Managing sickness absence').count()).to.equal(0);
    await saveScreenshot(page, 'answering', 'playground-crisis');
  });

  it('shows the first steps, and every step behind "Show all steps"', async () => {
    const page = await ask('someone rang in sick, what do I do?');
    const steps = server.app.knowledge.document('sickness-absence')!.sections.find((x) => x.heading === 'What to do')!.steps;
    const toggle = page.getByRole('button', { name: `Show all ${steps.length} steps` }).first();
    await toggle.waitFor({ timeout: UI_WAIT_MS });
    // The last step's opening words, as the card shows them (no Markdown).
    const opening = steps[steps.length - 1]!.replace(/[*_[\]{}]/g, '').split(/\s+/).slice(0, 6).join(' ');
    const last = page.getByText(opening).first();
    expect(await last.isVisible()).to.equal(false);
    await toggle.click();
    await last.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    await saveScreenshot(page, 'answering', 'playground-all-steps');
  });

  it('offers "Did you mean" for a people question with weak evidence, not "I don\'t know"', async () => {
    const page = await ask('a problem with one of my staff');
    const offer = page.getByText('Did you mean one of these?').first();
    await offer.waitFor({ timeout: UI_WAIT_MS });
    expect(await offer.isVisible()).to.equal(true);
    await saveScreenshot(page, 'answering', 'playground-did-you-mean');
  });
});
