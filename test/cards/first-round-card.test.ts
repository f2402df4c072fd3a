import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { fixedClock } from '../../src/clock.js';
import { launchBrowser } from '../helpers/browser.js';
import { saveCardPng } from '../helpers/card-png.js';
import { startWithInstalledManager, type InstalledManager } from '../helpers/installed-manager.js';
import { nudgeIdsIn } from '../helpers/nudge-seed.js';
import { REPO_ROOT } from '../helpers/test-server.js';

const OUT = path.join(REPO_ROOT, 'test-artifacts', 'first-round');
const NAMES = ['Priya Shah', 'Sam Patel', 'Alex Jones', 'Jo Bloggs', 'Chidi Okafor', 'Mei Lin', 'Tom Evans', 'Ana Lopes'];

/** The first digest after a roster import, as Teams would draw it: a screenshot from the Adaptive Cards renderer in Chromium. */
describe('the first-round digest card, drawn (Chromium)', function () {
  let browser: Browser | undefined;
  let world: InstalledManager | undefined;
  after(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('says no conversation is recorded yet, for the few people of the day, and draws without renderer errors', async function () {
    browser = await launchBrowser(this);
    // A ward of 60, none with a conversation recorded, imported on Monday 1 March 2027.
    const rows = ['employee_id,display_name,email,manager_email,start_date,department,job_title'];
    for (let i = 0; i < 60; i++) rows.push(`E${i},${NAMES[i % NAMES.length]} ${i + 1},,ward.manager@nhs.net,${2012 + (i % 12)}-04-15,Ward 7,Nurse`);
    const clock = fixedClock('2027-03-01T10:00:00Z');
    world = await startWithInstalledManager(rows.join('\n'), clock);
    await world.server.app.dispatcher.runNow();
    const [call, ...more] = await world.connector.waitFor((c) => c.length >= 1);
    expect(more, 'one card on the first morning').to.have.length(0);
    const card = call!.body.attachments[0].content;
    const reminders = nudgeIdsIn(card).length;
    expect(reminders).to.be.within(2, 3); // 60 people over the 28 working days of six weeks (Easter falls in them)
    const drawn = await saveCardPng(browser, card, path.join(OUT, 'after.png'));
    console.log(`      first-round digest: ${reminders} reminders on the first morning; saved ${path.relative(REPO_ROOT, path.join(OUT, 'after.png'))}`);
    expect(drawn.errors).to.deep.equal([]);
    expect(drawn.text).to.contain(`${reminders} reminders for you`);
    expect(drawn.text).to.match(/No wellbeing conversation with .+ is recorded yet\./);
    expect(drawn.text).not.to.match(/is due \(/);
  });
});
