import path from 'node:path';
import { expect } from 'chai';
import type { Locator } from 'playwright-core';
import { ADMIN_ARTIFACTS, adminTab } from '../helpers/admin-tab.js';

/** What HR reads and uploads in the admin tab: the dashboard's charts, feedback on answers, the roster. */
describe('Admin tab: dashboard, feedback and roster (Chromium)', function () {
  const admin = adminTab();

  it('shows the dashboard charts, each with its figures as a table', async () => {
    const { page } = admin;
    await admin.signIn(true, '#/dashboard');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const figures = page.locator('figure.chart');
    await figures.first().waitFor();
    const titles = await page.locator('figure.chart h3').allTextContents();
    expect(titles).to.deep.equal(['Questions per week', 'Answered, clarified and declined', 'Helpfulness by document', 'Top topics', 'Wellbeing nudges by department', 'Onboarding check-ins']);
    for (let i = 0; i < titles.length; i++) {
      const figure = figures.nth(i);
      // The picture is an image with a spoken summary; the table carries the numbers.
      expect(await figure.locator('canvas').getAttribute('role')).to.equal('img');
      expect(await figure.locator('canvas').getAttribute('aria-label')).to.have.length.greaterThan(titles[i]!.length + 10);
      expect(await figure.locator('table caption').textContent()).to.equal(`${titles[i]}: the figures`);
      expect(await drawnPixels(figure.locator('canvas')), `${titles[i]} is drawn`).to.be.greaterThan(100);
    }
    // The seeded questions: 3 answered, 1 clarified, 2 declined.
    const outcomes = figures.nth(1);
    await outcomes.locator('summary').click();
    const rows = await outcomes.locator('tbody tr').allTextContents();
    expect(rows).to.deep.equal(['Answered3', 'Clarified1', 'Declined2']);
    // The seeded nudges: columns are held on time, held late, snoozed, skipped (on leave, left the team, other), undeliverable, total.
    const nudgeFigures = figures.nth(4);
    await nudgeFigures.locator('summary').click();
    const department = nudgeFigures.locator('tbody tr', { hasText: 'Emergency department' });
    const cells = (await department.locator('td').allTextContents()).map(Number);
    expect(cells[0]! + cells[1]!, 'held').to.equal(2);
    expect(cells.slice(2), 'snoozed, skipped on leave, left the team, other, undeliverable, total').to.deep.equal([1, 1, 1, 0, 0, 5]);
    await page.screenshot({ path: path.join(ADMIN_ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('shows feedback on answers, least helpful first, with the comments', async () => {
    const { page } = admin;
    await admin.signIn(true, '#/feedback');
    const doc = page.locator('article.feedback-doc', { hasText: 'Managing sickness absence' });
    await doc.waitFor();
    expect(await doc.textContent()).to.include('1 said helpful, 1 said not helpful').and.include('Needed the phased return rules');
  });

  it('uploads a roster file and shows the report line by line', async () => {
    const { page } = admin;
    await admin.signIn(true, '#/roster');
    const csv = [
      'employee_id,display_name,email,manager_email,start_date,department,job_title',
      'E1,Ann Example,ann@example.nhs.uk,boss@example.nhs.uk,2026-01-05,Pharmacy,Pharmacist',
      'E2,Bob Example,bob@example.nhs.uk,boss@example.nhs.uk,not-a-date,Pharmacy,Technician',
    ].join('\n');
    await page.getByLabel('Roster file (CSV)').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload the roster' }).click();
    await page.getByText('1 person added or updated').waitFor();
    const problem = page.locator('.roster-report tbody tr').first();
    expect(await problem.textContent()).to.include('3').and.include('start_date');
  });
});

/** How many pixels of a canvas are not blank: a chart that drew nothing has none. */
async function drawnPixels(canvas: Locator): Promise<number> {
  // Typed by shape: this file is type-checked without the DOM library.
  type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
  return canvas.evaluate((node) => {
    const el = node as unknown as Canvas;
    const g = el.getContext('2d');
    if (!g || !el.width || !el.height) return 0;
    const { data } = g.getImageData(0, 0, el.width, el.height);
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
    return drawn;
  });
}
