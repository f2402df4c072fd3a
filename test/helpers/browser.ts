import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags this sandbox needs (no
 * background networking). Without Chromium the test says so and skips;
 * under CI=true that is a failure, because .ci/run installs it.
 */
export async function launchBrowser(ctx: Mocha.Context): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    const message = `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`\n  !!! ${message}: browser test SKIPPED\n`);
    ctx.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
