import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { NO_HOLIDAYS } from '../../src/nudges/delivery-window.js';
import { importRoster } from '../../src/nudges/import-roster.js';
import { ALWAYS_OPEN } from '../../src/nudges/manager-settings.js';
import { recordNudgeOutcome } from '../../src/nudges/record-outcome.js';
import { openStore, type Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/test-server.js';

describe('recording an outcome on the manager\'s own date', () => {
  let store: Store;
  // 00:30 BST on 1 July 2026 in London is still 30 June in UTC.
  const clock = fixedClock('2026-06-30T23:30:00Z');
  const deps = () => ({ nudges: store.nudges, people: store, clock, holidays: NO_HOLIDAYS, defaultCadenceWeeks: 6 });
  let nudgeId: string;

  beforeEach(async () => {
    store = await openStore({ config: { store: { kind: 'sqlite', file: path.join(tempDir(), 'lma.sqlite') } }, logger: createLogger('silent') });
    const csv = ['employee_id,display_name,email,manager_email,start_date,department,job_title', 'E1,Sam Patel,,night@nhs.net,2026-01-05,Ward 7,Nurse'].join('\n');
    await importRoster({ store, clock }, Readable.from([csv]), { full: false });
    await store.nudges.saveManagerReference({ email: 'night@nhs.net', aadObjectId: 'aad-night', reference: { conversation: { id: 'a:1' } }, now: clock.now() });
    await store.nudges.saveManagerPreferences('night@nhs.net', { ...ALWAYS_OPEN, window: { ...ALWAYS_OPEN.window, timeZone: 'Europe/London' } }, () => [], clock.now());
    await store.nudges.createNudges([{ kind: 'wellbeing', employeeId: 'E1', managerEmail: 'night@nhs.net', stepId: undefined, dueDate: '2026-06-29', sendAfter: clock.now() }], clock.now());
    nudgeId = (await store.nudges.openWellbeingNudge('E1'))!.id;
  });
  afterEach(async () => store.close());

  it('accepts "held today" from a London manager at 00:30 BST, when the UTC date is still yesterday', async () => {
    const recorded = await recordNudgeOutcome(deps(), 'night@nhs.net', nudgeId, { kind: 'held', on: '2026-07-01' });
    expect(recorded.changed).to.equal(true);
    expect(recorded.nextDueDate).to.equal('2026-08-12');
  });

  it('still refuses the manager\'s tomorrow as in the future', async () => {
    let error: Error | undefined;
    await recordNudgeOutcome(deps(), 'night@nhs.net', nudgeId, { kind: 'held', on: '2026-07-02' }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/cannot be in the future/);
  });

  it('snoozes from the manager\'s own date', async () => {
    const recorded = await recordNudgeOutcome(deps(), 'night@nhs.net', nudgeId, { kind: 'snoozed', for: '1d' });
    expect(recorded.nextDueDate).to.equal('2026-07-02');
  });
});
