import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { browseStageCard, helpCard, welcomeCard } from '../../src/cards/browse-cards.js';
import { WELCOME_STARTERS } from '../../src/bot/prompt-starters.js';
import type { ContentPack } from '../../src/content/types.js';
import { launchBrowser } from '../helpers/browser.js';
import { renderInBrowser, saveScreenshot } from '../helpers/card-renderer.js';
import { defaultPack } from '../helpers/content.js';

/** Text cut off in the page: buttons and text whose content is wider than their box. */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(globalThis as any).document.querySelectorAll('button, button *, .ac-textBlock, .ac-textBlock *')]
      .filter((el: any) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > (globalThis as any).innerWidth)
      .map((el: any) => el.textContent.trim()),
  );
}

/**
 * The browse cards drawn by the Adaptive Cards renderer in Chromium, with
 * Teams' limits (6 actions a set, one-line button titles), on a 390 px phone
 * screen and in a 600 px chat pane. Screenshots: test-artifacts/chat/.
 */
describe('browse cards in Chromium (390 px and 600 px)', function () {
  let browser: Browser;
  let pack: ContentPack;

  before(async function () {
    browser = await launchBrowser(this);
    pack = await defaultPack();
  });
  after(async () => {
    await browser?.close();
  });

  const stagesWithTopics = () => pack.stages.filter((s) => pack.documents.some((d) => d.stage === s.id));

  for (const width of [390, 600]) {
    it(`at ${width} px the stages card shows every stage whole, each a labelled control that opens it`, async () => {
      const { page, executed } = await renderInBrowser(browser, helpCard(pack), width);
      await saveScreenshot(page, 'chat', `browse-after-stages-${width}px`);
      expect(await cutOff(page)).to.deep.equal([]);
      const rows = page.getByRole('button');
      for (const stage of stagesWithTopics()) expect(await page.getByText(stage.title, { exact: true }).isVisible(), stage.title).to.equal(true);
      // Rows carry their stage's name for screen readers, and work from the keyboard.
      const culture = page.getByRole('button', { name: /^Inclusion, culture and concerns: \d+ topics$/ });
      await culture.focus();
      await page.keyboard.press('Enter');
      expect(await executed()).to.deep.equal([{ verb: 'browse-stage', stageId: 'culture-and-concerns' }]);
      expect(await rows.count()).to.equal(stagesWithTopics().length + 2); // and Reminder settings, Add a new starter
      await page.close();
    });

    it(`at ${width} px each stage card shows all its topics whole, nothing behind "...", and "Back to topics"`, async () => {
      for (const stage of stagesWithTopics()) {
        const { page, executed } = await renderInBrowser(browser, browseStageCard(pack, stage.id, stage.id === 'culture-and-concerns' ? 'speaking-up' : undefined)!, width);
        if (stage.id === 'culture-and-concerns' || stage.id === 'wellbeing') await saveScreenshot(page, 'chat', `browse-after-${stage.id}-${width}px`);
        expect(await cutOff(page), stage.id).to.deep.equal([]);
        const topics = pack.documents.filter((d) => d.stage === stage.id);
        for (const doc of topics) expect(await page.getByRole('button', { name: doc.title, exact: true }).isVisible(), doc.title).to.equal(true);
        expect(await page.getByRole('button').count(), stage.id).to.equal(topics.length + 1);
        await page.getByRole('button', { name: 'Back to topics' }).click();
        await page.getByRole('button', { name: topics.at(-1)!.title, exact: true }).click();
        expect(await executed()).to.deep.equal([{ verb: 'help' }, { verb: 'browse-open', docId: topics.at(-1)!.id, stageId: stage.id }]);
        await page.close();
      }
    });
  }

  it('at 390 px the welcome card shows each starter question as a whole button', async () => {
    const { page, executed } = await renderInBrowser(browser, welcomeCard({ publicUrl: 'http://localhost', settings: pack.settings }, WELCOME_STARTERS), 390);
    await saveScreenshot(page, 'chat', 'welcome-after-390px');
    expect(await cutOff(page)).to.deep.equal([]);
    for (const s of WELCOME_STARTERS) await page.getByRole('button', { name: s.title, exact: true }).click();
    expect(await executed()).to.deep.equal(WELCOME_STARTERS.map((s) => ({ verb: 'ask', question: s.prompt })));
    await page.close();
  });
});
