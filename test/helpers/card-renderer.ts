import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from './test-server.js';

/** Where browser tests save their screenshots (git ignores it). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/**
 * Teams' Adaptive Cards host settings that matter for layout: at most 6
 * actions in a set (the rest go behind "..."), buttons side by side, button
 * titles on one line (a long one is cut off).
 */
const TEAMS_HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', allowTitleToWrap: false, showCard: { actionMode: 'inline' } },
  containerStyles: {
    default: { backgroundColor: '#ffffff', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#005eb8', subtle: '#005eb8' } } },
    emphasis: { backgroundColor: '#f5f5f5', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#005eb8', subtle: '#005eb8' } } },
  },
};

// Buttons as Teams draws them: one line, cut off with an ellipsis when too long for the card.
const CSS = `
  body { margin: 0; padding: 12px; background: #ebebeb; font-family: 'Segoe UI', system-ui, sans-serif; }
  #card { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.2); overflow: hidden; }
  .ac-pushButton { border: 1px solid #d1d1d1; border-radius: 4px; background: #fff; color: #242424; font: 600 14px 'Segoe UI', system-ui, sans-serif;
    padding: 5px 12px; min-height: 32px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: pointer; }
  .ac-pushButton > div { overflow: hidden; text-overflow: ellipsis; }
  .ac-selectable { cursor: pointer; }
  .ac-selectable:hover { outline: 1px solid #005eb8; }
`;

export interface RenderedCard {
  readonly page: Page;
  /** Executed actions' data, in order (Action.Execute and Action.Submit). */
  executed(): Promise<unknown[]>;
}

/**
 * Draws `card` with the Adaptive Cards renderer (the one Teams on the web and
 * desktop uses) in a page `width` pixels wide, with Teams' action settings.
 */
export async function renderInBrowser(browser: Browser, card: object, width: number): Promise<RenderedCard> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${CSS}</style></head><body><div id="card"></div></body></html>`);
  await page.addScriptTag({ content: fs.readFileSync(path.join(REPO_ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js'), 'utf8') });
  await page.evaluate(
    ({ card, hostConfig }) => {
      const AC = (globalThis as any).AdaptiveCards;
      const executed: unknown[] = ((globalThis as any).executed = []);
      const adaptiveCard = new AC.AdaptiveCard();
      adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
      adaptiveCard.onExecuteAction = (action: any) => executed.push(action.data);
      adaptiveCard.parse(card);
      (globalThis as any).document.getElementById('card')!.appendChild(adaptiveCard.render());
    },
    { card, hostConfig: TEAMS_HOST_CONFIG },
  );
  return { page, executed: () => page.evaluate(() => (globalThis as any).executed as unknown[]) };
}

/** Saves a full-page screenshot under test-artifacts/DIR/NAME.png; returns its path. */
export async function saveScreenshot(page: Page, dir: string, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, dir, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
