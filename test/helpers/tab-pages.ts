import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';

export interface TabPages {
  /** The running test's page, in a browser context of its own. */
  readonly page: Page;
}

/**
 * Registers the hooks of a suite that drives tabs in Chromium: one browser for the suite, a fresh
 * context and page for each test. A script error on the page fails the test it happened in, and a
 * failed test leaves a full-page screenshot in `artifacts` for people to look at.
 */
export function tabPages(artifacts: string, viewport = { width: 1280, height: 900 }): TabPages {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let pageErrors: string[] = [];

  before(async function () {
    browser = await launchBrowser(this);
    fs.mkdirSync(artifacts, { recursive: true });
  });
  after(async () => browser?.close());

  beforeEach(async () => {
    context = await browser!.newContext({ viewport });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });
  afterEach(async function () {
    const failed = this.currentTest;
    if (failed?.state === 'failed') await page.screenshot({ path: path.join(artifacts, `failed-${slug(failed.title)}.png`), fullPage: true }).catch(() => undefined);
    await context?.close();
    expect(pageErrors, 'script errors on the page').to.deep.equal([]);
  });

  return {
    get page() {
      return page;
    },
  };
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
}
