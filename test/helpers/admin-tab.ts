import path from 'node:path';
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { systemClock } from '../../src/clock.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { planWellbeingNudges } from '../../src/nudges/plan-nudges.js';
import { recordNudgeOutcome } from '../../src/nudges/record-outcome.js';
import type { Outcome } from '../../src/nudges/schedule.js';
import { tabPages } from './tab-pages.js';
import { REPO_ROOT, startTestServer, type TestServer } from './test-server.js';

export const ADMIN_ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'admin-tab');
export const HR_EMAIL = 'hr.publisher@example.nhs.uk';

export interface AdminTab {
  readonly server: TestServer;
  readonly page: Page;
  /** Through the development sign-in form, as the HR publisher or as a manager without the role. */
  signIn(hr: boolean, hash?: string): Promise<void>;
}

/**
 * The HR admin tab in Debian's Chromium against the real service in local mode: outside Teams,
 * with the development sign-in. The store holds a few weeks of questions, feedback and answered
 * nudges, so every view has something to show. Screenshots go to test-artifacts/admin-tab/.
 */
export function adminTab(): AdminTab {
  const pages = tabPages(ADMIN_ARTIFACTS);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ LOG_LEVEL: 'warn' });
    await seedFigures(server);
  });
  after(async () => server?.stop());

  return {
    get server() {
      return server;
    },
    get page() {
      return pages.page;
    },
    async signIn(hr, hash = '') {
      const page = pages.page;
      await page.goto(`${server.url}/tabs/admin/${hash}`);
      await page.getByLabel('Email address').fill(hr ? HR_EMAIL : 'line.manager@example.nhs.uk');
      const role = page.getByLabel('Sign in with the HR publisher role');
      if ((await role.isChecked()) !== hr) await role.click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    },
  };
}

/** Questions, unanswered questions and feedback, written through the real store. */
async function seedFigures(server: TestServer): Promise<void> {
  const now = new Date();
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86400000);
  await server.app.store.saveQuestionLog({
    questions: [
      { askedAt: at(1), status: 'answer', docId: 'sickness-absence', section: 'what-to-do' },
      { askedAt: at(2), status: 'answer', docId: 'sickness-absence', section: 'what-to-do' },
      { askedAt: at(9), status: 'answer', docId: 'flexible-working', section: 'overview' },
      { askedAt: at(3), status: 'clarify', docId: undefined, section: undefined },
      { askedAt: at(4), status: 'none', docId: undefined, section: undefined },
      { askedAt: at(10), status: 'none', docId: undefined, section: undefined },
    ],
    unanswered: [
      { text: 'jury service leave', at: at(4) },
      { text: 'can I claim for parking at work', at: at(10) },
      { text: 'can I claim for parking at work', at: at(3) },
      { text: 'Can I claim for parking at work', at: at(2) },
    ],
  });
  // Six people in one department (at least the minimum group of 5, so shown by name), five answered nudges.
  const manager = 'ed.manager@example.nhs.uk';
  // Started five weeks ago, so each first wellbeing nudge falls due inside the dashboard's period.
  const started = at(35).toISOString().slice(0, 10);
  const roster = ['employee_id,display_name,email,manager_email,start_date,department,job_title', ...[1, 2, 3, 4, 5, 6].map((n) => `D${n},Person ${n},,${manager},${started},Emergency department,Nurse`)];
  const store = server.app.store;
  const holidays = bankHolidays('england-and-wales');
  await importRoster({ store, clock: systemClock }, Readable.from([roster.join('\n')]), { full: false });
  await planWellbeingNudges({ nudges: store.nudges, holidays, defaultCadenceWeeks: 6 }, now);
  const { nudges } = await store.nudges.teamOf(manager);
  const today = now.toISOString().slice(0, 10);
  const outcomes: Outcome[] = [
    { kind: 'held', on: today },
    { kind: 'held', on: today },
    { kind: 'snoozed', for: '1w' },
    { kind: 'skipped', reason: 'on-leave' },
    { kind: 'skipped', reason: 'left-team' },
  ];
  const wellbeing = nudges.filter((n) => n.kind === 'wellbeing');
  for (const [i, outcome] of outcomes.entries()) {
    await recordNudgeOutcome({ nudges: store.nudges, people: store, clock: systemClock, holidays }, manager, wellbeing[i]!.id, outcome);
  }
  await server.app.store.recordFeedback({ answerId: 'a1', docId: 'sickness-absence', section: 'what-to-do', helpful: true, comment: undefined, at: at(1) });
  await server.app.store.recordFeedback({ answerId: 'a2', docId: 'sickness-absence', section: 'what-to-do', helpful: false, comment: 'Needed the phased return rules', at: at(1) });
}
