import { Readable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import type { Plan } from '../../src/content/types.js';
import { createLogger } from '../../src/logger.js';
import { addNewStarter } from '../../src/nudges/add-new-starter.js';
import { bankHolidays } from '../../src/nudges/delivery-window.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import type { Store } from '../../src/store/store.js';
import { defaultPack } from '../helpers/content.js';
import { ENGINES } from '../helpers/engines.js';

const logger = createLogger('silent');
const FORM = '6f1c2d3e-4b5a-4c6d-8e7f-001122334455';

for (const engine of ENGINES) {
  describe(`adding a new starter in chat (${engine.name})`, () => {
    let store: Store;
    let plan: Plan;
    const clock = fixedClock('2026-11-23T10:00:00Z');
    const deps = () => ({ store, nudges: store.nudges, clock, holidays: bankHolidays('england-and-wales') });
    const starter = { name: 'Sam Patel', startDate: '2026-12-07', jobTitle: 'Staff Nurse', email: 'sam.patel@nhs.net' };

    beforeEach(async function () {
      store = await engine.open(this);
      plan = (await defaultPack()).plans.find((p) => p.id === 'onboarding')!;
    });
    afterEach(async () => store?.close());

    it('adds the person under the manager with an id no roster can use, and plans every check-in ahead', async () => {
      const added = await addNewStarter(deps(), 'm@nhs.net', FORM, starter, plan);
      expect(added.created).to.equal(true);
      expect(added.person).to.deep.include({ employeeId: `chat:${FORM}`, displayName: 'Sam Patel', managerEmail: 'm@nhs.net', startDate: '2026-12-07', jobTitle: 'Staff Nurse', email: 'sam.patel@nhs.net' });
      expect(added.checkIns.map((c) => c.stepId)).to.deep.equal(['before-day-one', 'day-one', 'end-of-week-one', 'day-30', 'day-90', 'probation-review']);
      const nudges = (await store.nudges.upcomingFor('m@nhs.net', 20)).filter((n) => n.employeeId === `chat:${FORM}`);
      expect(nudges.map((n) => [n.stepId, n.dueDate])).to.deep.include.members([
        ['before-day-one', '2026-11-30'],
        ['day-one', '2026-12-07'],
      ]);
      expect(nudges).to.have.length(6);
    });

    it('adds one person when the same form is submitted twice, even at the same moment', async () => {
      const [a, b] = await Promise.all([addNewStarter(deps(), 'm@nhs.net', FORM, starter, plan), addNewStarter(deps(), 'm@nhs.net', FORM, starter, plan)]);
      expect([a.created, b.created].sort()).to.deep.equal([false, true]);
      const again = await addNewStarter(deps(), 'm@nhs.net', FORM, { ...starter, name: 'Changed Name' }, plan);
      expect(again).to.deep.include({ created: false });
      expect(again.person.displayName).to.equal('Sam Patel');
      expect((await store.nudges.upcomingFor('m@nhs.net', 50)).filter((n) => n.kind === 'onboarding')).to.have.length(6);
    });

    it("refuses another manager's form id, a start date too long ago, and the manager's own email", async () => {
      await addNewStarter(deps(), 'm@nhs.net', FORM, starter, plan);
      const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: { code: string; details: string[] }) => e);
      expect(await refusal(addNewStarter(deps(), 'other@nhs.net', FORM, starter, plan))).to.deep.include({ code: 'FORBIDDEN' });
      const old = (await refusal(addNewStarter(deps(), 'm@nhs.net', '7f1c2d3e-4b5a-4c6d-8e7f-001122334455', { ...starter, startDate: '2026-01-05' }, plan)))!;
      expect(old.code).to.equal('VALIDATION');
      expect(old.details[0]).to.match(/^Start date: the onboarding plan covers people who started in the last 90 days/);
      const own = (await refusal(addNewStarter(deps(), 'm@nhs.net', '8f1c2d3e-4b5a-4c6d-8e7f-001122334455', { ...starter, email: 'm@nhs.net' }, plan)))!;
      expect(own.details[0]).to.match(/^Work email: that is your own address/);
      expect(await store.getPerson('chat:7f1c2d3e-4b5a-4c6d-8e7f-001122334455')).to.equal(undefined);
    });

    it('is not marked as left by a full roster import that does not list them yet', async () => {
      await addNewStarter(deps(), 'm@nhs.net', FORM, starter, plan);
      const csv = 'employee_id,display_name,email,manager_email,start_date,department,job_title\nE1,Ana Lopes,,m@nhs.net,2026-01-05,Ward,HCA\n';
      const report = await importRoster({ store, clock }, Readable.from([csv]), { full: true });
      expect(report.markedLeft).to.equal(0);
      expect((await store.getPerson(`chat:${FORM}`))!.leftOn).to.equal(undefined);
    });
  });
}
