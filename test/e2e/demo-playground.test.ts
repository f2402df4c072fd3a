import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { UI_WAIT_MS, launchBrowser } from '../helpers/browser.js';
import { startPlayground } from '../helpers/playground.js';
import { runLma } from '../helpers/cli.js';
import { REPO_ROOT, startTestServer, type TestServer } from '../helpers/test-server.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'demo');

/** `npm run demo` end to end: the Playground's user opens the chat, runs the demo, and a reminder card arrives. */
describe('lma demo in Microsoft 365 Agents Playground (Chromium)', function () {
  let server: TestServer;
  let playground: Awaited<ReturnType<typeof startPlayground>> | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let playgroundUrl: string;

  before(async function () {
    browser = await launchBrowser(this);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // The dispatcher runs as it does under npm start (a pass every few seconds here rather than 30).
    server = await startTestServer({ LOG_LEVEL: 'warn', NUDGE_INTERVAL_MS: '3000' });
    playground = await startPlayground(server);
    playgroundUrl = playground.url;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page?.screenshot({ path: path.join(ARTIFACTS, 'failed.png') }).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    playground?.stop();
    await server?.stop();
  });

  it('shows the demo reminder card within a minute of the demo command, whatever the time of day', async () => {
    page = await browser!.newPage({ viewport: { width: 1200, height: 1000 } });
    await page.goto(playgroundUrl, { waitUntil: 'networkidle' });
    await page.locator('[contenteditable="true"], textarea, input[type="text"]').first().waitFor({ timeout: UI_WAIT_MS });
    // `lma demo` exits 0 once the reminder card is queued; the server's next pass sends it.
    const demo = await runLma(['demo', '--wait', '60'], { DATA_DIR: server.dataDir, NUDGE_INTERVAL_MS: '3000' });
    expect(demo.code, demo.stderr).to.equal(0);
    expect(demo.stdout).to.contain('Priya Shah (demo)').and.to.contain('Grace Lee (demo, new starter)').and.to.contain('my reminders');
    await page.getByText('Priya Shah (demo)').first().waitFor({ timeout: UI_WAIT_MS });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-demo-reminder.png') });
  });

  it('"my reminders" lists the demo team; lma demo remove takes it all out', async () => {
    const input = page!.locator('[contenteditable="true"], textarea, input[type="text"]').first();
    await input.focus();
    await page!.keyboard.type('my reminders');
    await page!.keyboard.press('Enter');
    await page!.getByText('Grace Lee (demo, new starter)').first().waitFor({ timeout: UI_WAIT_MS });
    await page!.screenshot({ path: path.join(ARTIFACTS, 'playground-my-reminders.png') });
    const removed = await runLma(['demo', 'remove'], { DATA_DIR: server.dataDir });
    expect(removed.code, removed.stderr).to.equal(0);
    expect(removed.stdout).to.match(/^3 demo people removed/);
    const store = server.app.store;
    for (const id of ['demo-1', 'demo-2', 'demo-3']) expect(await store.getPerson(id), id).to.equal(undefined);
  });
});
