import { Readable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';

const HEADER = 'employee_id,display_name,email,manager_email,start_date,department,job_title,end_date';
const csv = (...rows: string[]) => Readable.from([[HEADER, ...rows].join('\n') + '\n']);
const clock = fixedClock('2026-11-23T10:00:00Z');
const logger = createLogger('silent');

for (const engine of ENGINES) {
  describe(`roster import on ${engine.name}`, () => {
    let store: Store;
    beforeEach(async function () {
      store = await engine.open(this);
    });
    afterEach(async () => store?.close());

    // Full imports here are confirmed: marking a share of people as left is what they test (the unconfirmed refusal is tested in security/roster-traps).
    const run = (input: Readable, full = false) => importRoster({ store, clock }, input, { full, confirmLeft: full });

    it('imports valid rows, lower-cases emails, and reports each bad row by line and field', async () => {
      const report = await run(
        csv(
          'E1,Sam Patel,Sam.Patel@nhs.net,Ward.Manager@NHS.net,2024-03-01,Ward 7,Staff Nurse,',
          'E2,,not-an-email,nobody,2024-02-30,,,',
          'E3,Alex Kim,,ward.manager@nhs.net,2026-12-01,Ward 7,HCA,2026-11-01',
          'E4,Jo Bloggs,,ward.manager@nhs.net,2026-12-01,Ward 7,HCA,',
          'E1,Sam Again,,ward.manager@nhs.net,2024-03-01,,,',
        ),
      );
      expect(report).to.deep.include({ added: 2, updated: 0, unchanged: 0, markedLeft: 0 });
      expect(report.problems).to.deep.include.members([
        { line: 3, field: 'display_name', message: 'is required' },
        { line: 3, field: 'email', message: 'is not a valid email address' },
        { line: 3, field: 'manager_email', message: 'is not a valid email address' },
        { line: 3, field: 'start_date', message: 'is not a real date' },
        { line: 4, field: 'end_date', message: 'is before start_date' },
        { line: 6, field: 'employee_id', message: '"E1" appears earlier in the file' },
      ]);
      const sam = await store.getPerson('E1');
      expect(sam).to.deep.include({ displayName: 'Sam Patel', email: 'sam.patel@nhs.net', managerEmail: 'ward.manager@nhs.net', leftOn: undefined });
      expect(await store.getPerson('E3')).to.equal(undefined);
    });

    it('imports someone with no line manager (the top of a hierarchy) with no problem; no nudges are planned about them', async () => {
      const report = await run(
        csv(
          'E0,Chief Nurse,chief.nurse@nhs.net,,2015-04-01,Nursing,Chief Nurse,',
          'E1,Ward Manager,ward.manager@nhs.net,chief.nurse@nhs.net,2018-06-04,Ward 7,Ward Manager,',
        ),
      );
      expect(report.problems).to.deep.equal([]);
      expect(report).to.deep.include({ added: 2, badLines: 0 });
      expect(await store.getPerson('E0')).to.deep.include({ displayName: 'Chief Nurse', managerEmail: undefined });
      const { planWellbeingNudges } = await import('../../src/nudges/plan-nudges.js');
      const { NO_HOLIDAYS } = await import('../../src/nudges/delivery-window.js');
      expect(await planWellbeingNudges({ nudges: store.nudges, holidays: NO_HOLIDAYS }, clock.now())).to.equal(1);
      expect(await store.nudges.openWellbeingNudge('E0')).to.equal(undefined);
      expect(await store.nudges.openWellbeingNudge('E1')).to.deep.include({ managerEmail: 'chief.nurse@nhs.net' });
    });

    it('counts a bad line once, with one problem per field, and writes an audit row', async () => {
      const report = await importRoster({ store, clock }, csv('E1,Sam Patel,,m@nhs.net,not-a-date,,,', 'E2,Alex,not-an-email,m@nhs.net,2024-02-30,,,'), { full: false, actor: 'tester' });
      expect(report.problems).to.deep.equal([
        { line: 2, field: 'start_date', message: 'must be a date written YYYY-MM-DD' },
        { line: 3, field: 'email', message: 'is not a valid email address' },
        { line: 3, field: 'start_date', message: 'is not a real date' },
      ]);
      expect(report.badLines).to.equal(2);
      const [audit] = await store.audit.list(1);
      expect(audit).to.deep.include({ actor: 'tester', action: 'roster-import', target: 'roster', detail: '0 imported, 0 unchanged, 0 left, 2 bad row(s)' });
    });

    it('changes nothing when the same file is imported again', async () => {
      const rows = ['E1,Sam Patel,,m@nhs.net,2024-03-01,Ward 7,Staff Nurse,', 'E2,Alex Kim,,m@nhs.net,2025-01-06,Ward 7,HCA,'];
      await run(csv(...rows));
      const again = await run(csv(...rows));
      expect(again).to.deep.include({ added: 0, updated: 0, unchanged: 2, markedLeft: 0 });
    });

    it('updates changed rows, and with --full marks people missing from the file as left', async () => {
      await run(csv('E1,Sam Patel,,m@nhs.net,2024-03-01,Ward 7,Staff Nurse,', 'E2,Alex Kim,,m@nhs.net,2025-01-06,Ward 7,HCA,'));
      // One of two is half the roster: more than a full import may mark as left unconfirmed (see test/security/roster-traps.test.ts).
      const report = await importRoster({ store, clock }, csv('E1,Sam Patel,,new.manager@nhs.net,2024-03-01,Ward 8,Staff Nurse,'), { full: true, confirmLeft: true });
      expect(report).to.deep.include({ added: 0, updated: 1, unchanged: 0, markedLeft: 1 });
      expect((await store.getPerson('E1'))!.managerEmail).to.equal('new.manager@nhs.net');
      expect((await store.getPerson('E2'))!.leftOn).to.equal('2026-11-23');
      // Listed again later: back in the team.
      const back = await run(csv('E2,Alex Kim,,m@nhs.net,2025-01-06,Ward 7,HCA,'));
      expect(back.updated).to.equal(1);
      expect((await store.getPerson('E2'))!.leftOn).to.equal(undefined);
    });

    it('imports large files in batches within one transaction', async () => {
      const rows = Array.from({ length: 1234 }, (_, i) => `P${i},Person ${i},,m${i % 40}@nhs.net,2025-01-06,Ward ${i % 12},HCA,`);
      const report = await run(csv(...rows));
      expect(report.added).to.equal(1234);
      expect(await store.getPerson('P1233')).to.deep.include({ managerEmail: 'm33@nhs.net' });
    });

    it('imports nothing from a file that is not valid CSV, and says where', async () => {
      const err = await run(csv('E1,Sam Patel,,m@nhs.net,2024-03-01,,,', 'E2,"Unclosed,,m@nhs.net,2024-03-01,,,')).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).to.match(/^line \d+: csv: /);
      expect(await store.getPerson('E1')).to.equal(undefined);
    });

    it('refuses a header without the required columns', async () => {
      const err = await run(Readable.from(['employee_id,name\nE1,Sam\n'])).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).to.match(/^line 1: header: missing columns "display_name", "email", "manager_email"/);
    });
  });
}
