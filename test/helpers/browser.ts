import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { skipOrFail } from './skip.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * How long a page may take to show what a test waits for. Generous, because CI is a busy two-core
 * machine (10 s has not been enough there); only a page that never shows it fails.
 */
export const UI_WAIT_MS = 60_000;

/** Lets a page on a public origin (the stand-in Teams host) frame the service on loopback. */
export const ALLOW_LOOPBACK_FRAMES = '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessForNavigations';

/**
 * Debian's Chromium, headless, with the flags this sandbox needs (no
 * background networking). Without Chromium the test says so and skips;
 * under CI=true that is a failure, because .ci/run installs it.
 */
export async function launchBrowser(ctx: Mocha.Context, extraArgs: readonly string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    skipOrFail(ctx, `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
