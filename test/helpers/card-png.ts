import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';

const require = createRequire(import.meta.url);

/**
 * Draws an Adaptive Card with the Adaptive Cards renderer (the one the admin
 * tab's card preview uses) in Chromium, saves a PNG of it, and returns the
 * text a reader sees and any renderer errors.
 */
export async function saveCardPng(browser: Browser, card: unknown, file: string, width = 480): Promise<{ text: string; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 400 }, deviceScaleFactor: 1 });
  try {
    await page.setContent(
      `<!doctype html><html><head><style>body{margin:0;padding:16px;background:#f5f5f5;font-family:"Segoe UI",Arial,sans-serif}#card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.2);padding:4px}</style></head><body><div id="card"></div></body></html>`,
    );
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    // Runs in the page (a string, so this Node-side file needs no DOM types).
    const errors = (await page.evaluate(`(() => {
      const adaptive = new AdaptiveCards.AdaptiveCard();
      const context = new AdaptiveCards.SerializationContext();
      adaptive.parse(${JSON.stringify(card)}, context);
      document.getElementById('card').appendChild(adaptive.render());
      return Array.from({ length: context.eventCount }, (_, i) => String(context.getEventAt(i).message));
    })()`)) as string[];
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.locator('#card').screenshot({ path: file });
    return { text: await page.locator('#card').innerText(), errors };
  } finally {
    await page.close();
  }
}
