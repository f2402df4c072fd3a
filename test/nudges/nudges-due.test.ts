import { Readable } from 'node:stream';
import { expect } from 'chai';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { listNudgesDueAt } from '../../src/nudges/nudges-due.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';

const holidays = bankHolidays('england-and-wales');
const WORKING_WEEK = { window: { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }, cadenceWeeks: undefined, digest: true };

for (const engine of ENGINES) {
  describe(`nudges due at a time, as a dispatch then would see them (${engine.name})`, () => {
    let store: Store;
    const now = new Date('2026-12-01T08:00:00Z');
    beforeEach(async function () {
      store = await engine.open(this);
      const csv = 'employee_id,display_name,email,manager_email,start_date,department,job_title\nE1,Sam,,in@nhs.net,2026-01-05,Ward,HCA\nE2,Ali,,away@nhs.net,2026-01-05,Ward,HCA\n';
      await importRoster({ store, clock: { now: () => now } }, Readable.from([csv]), { full: false });
      await store.nudges.saveManagerReference({ email: 'in@nhs.net', aadObjectId: 'aad-in', reference: { conversation: { id: 'c1' } }, now });
      await store.nudges.saveManagerPreferences('in@nhs.net', WORKING_WEEK, () => [], now);
      // away@nhs.net never installed the assistant.
      await store.nudges.createNudges(
        ['E1', 'E2'].map((id, i) => ({ kind: 'wellbeing' as const, employeeId: id, managerEmail: i ? 'away@nhs.net' : 'in@nhs.net', stepId: undefined, dueDate: '2026-12-01', sendAfter: new Date('2026-12-01T09:00:00Z') })),
        now,
      );
    });
    afterEach(async () => store?.close());

    const at = (iso: string) => listNudgesDueAt({ nudges: store.nudges, holidays }, new Date(iso));

    it('lists a nudge in the working window as sent, and one whose manager never installed as parked', async () => {
      const due = await at('2026-12-01T10:00:00Z');
      expect(due.send.map((n) => n.employeeId)).to.deep.equal(['E1']);
      expect(due.parked.map((n) => n.employeeId)).to.deep.equal(['E2']);
      expect(due.waiting).to.deep.equal([]);
    });

    it('holds it back at 17:30 on a weekday, saying when the window opens', async () => {
      const due = await at('2026-12-01T17:30:00Z');
      expect(due.send).to.deep.equal([]);
      expect(due.waiting.map((w) => [w.nudge.employeeId, w.opensAt?.toISOString()])).to.deep.equal([['E1', '2026-12-02T09:00:00.000Z']]);
    });

    it('holds it back on a bank holiday (Christmas Day, a Friday) until the next working day', async () => {
      const due = await at('2026-12-25T10:00:00Z');
      expect(due.send).to.deep.equal([]);
      // Boxing Day is a Saturday, so its holiday is Monday 28th: Tuesday 29th opens.
      expect(due.waiting[0]?.opensAt?.toISOString()).to.equal('2026-12-29T09:00:00.000Z');
    });

    it("holds it back while the manager's reminders are paused", async () => {
      await store.nudges.saveManagerPreferences('in@nhs.net', { ...WORKING_WEEK, window: { ...WORKING_WEEK.window, pausedUntil: '2026-12-04' } }, () => [], now);
      const due = await at('2026-12-02T10:00:00Z');
      expect(due.send).to.deep.equal([]);
      expect(due.waiting[0]?.opensAt?.toISOString()).to.equal('2026-12-07T09:00:00.000Z');
    });
  });
}
