import { expect } from 'chai';
import { createLogger } from '../../src/logger.js';
import { applyRetention, startRetentionLoop } from '../../src/privacy/retention.js';
import { exportPersonData } from '../../src/privacy/subject-access.js';
import { FORGOTTEN } from '../../src/store/privacy-store.js';
import type { Store } from '../../src/store/store.js';
import type { RosterRow } from '../../src/domain/people.js';
import { ENGINES } from '../helpers/engines.js';

const logger = createLogger('silent');

const day = (iso: string) => new Date(`${iso}T10:00:00Z`);

async function* rows(list: RosterRow[]) {
  yield* list;
}

const roster: RosterRow[] = [
  { employeeId: 'E1', displayName: 'Sam Patel', email: 'sam.patel@nhs.net', managerEmail: 'ward.manager@nhs.net', startDate: '2024-01-08', endDate: undefined, department: 'Ward 7', jobTitle: 'Staff nurse' },
  { employeeId: 'E2', displayName: 'Priya Shah', email: 'priya.shah@nhs.net', managerEmail: 'other.manager@nhs.net', startDate: '2023-05-01', endDate: undefined, department: 'Ward 9', jobTitle: 'HCA' },
  { employeeId: 'M1', displayName: 'Ward Manager', email: 'ward.manager@nhs.net', managerEmail: 'matron@nhs.net', startDate: '2020-01-01', endDate: undefined, department: 'Ward 7', jobTitle: 'Ward manager' },
];

for (const engine of ENGINES) {
  describe(`privacy store on ${engine.name}`, function () {
    let store: Store;

    beforeEach(async function () {
      store = await engine.open(this);
      await store.importRoster(rows(roster), { full: false, today: '2026-11-01', now: day('2026-11-01') });
    });
    afterEach(async () => store?.close().catch(() => undefined));

    it('retention deletes question logs, unanswered texts and feedback comments older than the period (injected clock), and nothing newer', async () => {
      await store.saveQuestionLog({
        questions: [
          { askedAt: day('2026-01-10'), status: 'answer', docId: 'sickness-absence', section: 'what-to-do' },
          { askedAt: day('2026-08-20'), status: 'none', docId: undefined, section: undefined },
        ],
        unanswered: [
          { text: 'old question about parking', at: day('2026-01-10') },
          { text: 'recent question about lockers', at: day('2026-08-20') },
        ],
      });
      for (const [id, at] of [['00000000-0000-4000-8000-000000000001', '2026-01-10'], ['00000000-0000-4000-8000-000000000002', '2026-08-20']] as const) {
        await store.recordFeedback({ answerId: id, docId: 'sickness-absence', section: 'what-to-do', helpful: false, comment: 'typed words', at: day(at) });
      }
      // 90 days before 2026-10-01 is 2026-07-03: the January rows go, the August ones stay.
      const result = await applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays: 90 }, day('2026-10-01'));
      expect(result).to.include({ questions: 1, unanswered: 1, feedbackComments: 1 });
      expect(await store.countQuestions()).to.deep.equal({ answer: 0, clarify: 0, none: 1 });
      expect((await store.listUnanswered(10)).map((u) => u.text)).to.deep.equal(['recent question about lockers']);
      expect(await store.feedbackFor('00000000-0000-4000-8000-000000000001'), 'the count of the old feedback stays').to.deep.equal({ helpful: false });
      const again = await applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays: 90 }, day('2026-10-01'));
      expect(again).to.include({ questions: 0, unanswered: 0, feedbackComments: 0 });
    });

    it('an unanswered question asked again recently is kept (its last asking counts)', async () => {
      await store.saveQuestionLog({ questions: [], unanswered: [{ text: 'car parking permit', at: day('2026-01-10') }] });
      await store.saveQuestionLog({ questions: [], unanswered: [{ text: 'Car parking  permit', at: day('2026-09-10') }] });
      await applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays: 90 }, day('2026-10-01'));
      expect(await store.listUnanswered(10)).to.have.length(1);
    });

    it('the retention loop runs a pass at start with the injected clock', async () => {
      await store.saveQuestionLog({ questions: [{ askedAt: day('2025-01-01'), status: 'none', docId: undefined, section: undefined }], unanswered: [] });
      const loop = startRetentionLoop({ privacy: store.privacy, activities: store.activities, retentionDays: 30 }, { now: () => day('2026-10-01') }, logger, 60_000);
      await loop.stop();
      expect(await store.countQuestions()).to.deep.equal({ answer: 0, clarify: 0, none: 0 });
    });

    it('forgetting a manager deletes preferences and conversation, removes open nudges and anonymises closed ones; counts stay', async () => {
      await store.nudges.saveManagerReference({ email: 'ward.manager@nhs.net', aadObjectId: 'aad-ward', reference: { conversation: { id: 'c1' } }, now: day('2026-11-01') });
      await store.nudges.saveManagerReference({ email: 'other.manager@nhs.net', aadObjectId: 'aad-other', reference: { conversation: { id: 'c2' } }, now: day('2026-11-01') });
      const nudge = (employeeId: string, managerEmail: string, dueDate: string) => ({ kind: 'wellbeing' as const, employeeId, managerEmail, stepId: undefined, dueDate, sendAfter: day(dueDate) });
      await store.nudges.createNudges([nudge('E1', 'ward.manager@nhs.net', '2026-10-01'), nudge('E2', 'other.manager@nhs.net', '2026-10-01')], day('2026-09-01'));
      const [held] = await store.nudges.upcomingFor('ward.manager@nhs.net', 5);
      await store.nudges.recordOutcome(held!.id, 'ward.manager@nhs.net', { kind: 'held', on: '2026-10-02' }, nudge('E1', 'ward.manager@nhs.net', '2026-11-13'), day('2026-10-02'));
      const before = await store.nudges.countByStatus();

      const result = await store.privacy.forgetManager('ward.manager@nhs.net', day('2026-11-02'));
      // E1 is still in HR's roster under this manager: the stop is remembered, so nothing is planned again.
      expect(result).to.deep.equal({ manager: true, nudgesAnonymised: 1, nudgesRemoved: 1, remindersStopped: true });
      expect(await store.nudges.getManager('ward.manager@nhs.net')).to.equal(undefined);
      expect(await store.nudges.managerByAadObjectId('aad-ward')).to.equal(undefined);
      const kept = await store.nudges.getNudge(held!.id);
      expect(kept).to.include({ managerEmail: FORGOTTEN, employeeId: FORGOTTEN, status: 'done', activityId: undefined });
      expect(kept!.outcome?.kind).to.equal('held');
      expect((await store.privacy.subjectAccess('ward.manager@nhs.net'))!.managerSettings, 'only who stopped reminders, and when').to.deep.equal({
        email: 'ward.manager@nhs.net',
        teamsUserId: 'aad-ward',
        remindersStoppedAt: day('2026-11-02').toISOString(),
      });
      expect((await store.privacy.subjectAccess('ward.manager@nhs.net'))!.nudgesToThem).to.have.length(0);
      // The done count (what the figures use) is unchanged; the open one is gone; the other manager untouched.
      const after = await store.nudges.countByStatus();
      expect(after.done).to.equal(before.done);
      expect(after.pending).to.equal((before.pending ?? 0) - 1);
      expect(await store.nudges.getManager('other.manager@nhs.net')).to.not.equal(undefined);
      expect(await store.nudges.upcomingFor('other.manager@nhs.net', 5)).to.have.length(1);
      expect(await store.privacy.forgetManager('ward.manager@nhs.net', day('2026-11-03'))).to.deep.equal({ manager: false, nudgesAnonymised: 0, nudgesRemoved: 0, remindersStopped: false });
    });

    it('exports what is held about a person by id or email: roster row, nudges, manager settings; unknown people are NOT_FOUND', async () => {
      await store.nudges.saveManagerReference({ email: 'ward.manager@nhs.net', aadObjectId: 'aad-ward', reference: { conversation: { id: 'c1' } }, now: day('2026-11-01') });
      await store.nudges.createNudges([{ kind: 'wellbeing', employeeId: 'E1', managerEmail: 'ward.manager@nhs.net', stepId: undefined, dueDate: '2026-12-01', sendAfter: day('2026-12-01') }], day('2026-11-01'));
      await store.saveQuestionLog({ questions: [], unanswered: [{ text: 'a secret question text', at: day('2026-11-01') }] });

      const staff = await exportPersonData(store.privacy, 'E1', day('2026-11-05'));
      expect(staff.roster).to.include({ employeeId: 'E1', displayName: 'Sam Patel', managerEmail: 'ward.manager@nhs.net' });
      expect(staff.nudgesAboutThem.map((n) => [n.kind, n.dueDate, n.status])).to.deep.equal([['wellbeing', '2026-12-01', 'pending']]);
      expect(staff.managerSettings).to.equal(undefined);

      const manager = await exportPersonData(store.privacy, 'Ward.Manager@NHS.net', day('2026-11-05'));
      expect(manager.roster).to.include({ employeeId: 'M1' });
      expect(manager.managerSettings).to.include({ email: 'ward.manager@nhs.net', teamsConversationStored: true, timeZone: 'Europe/London' });
      expect(manager.nudgesToThem.map((n) => n.employeeId)).to.deep.equal(['E1']);
      expect(JSON.stringify([staff, manager])).not.to.contain('secret question text');

      const err = await exportPersonData(store.privacy, 'nobody@nhs.net', day('2026-11-05')).catch((e: unknown) => e);
      expect(err).to.have.property('code', 'NOT_FOUND');
    });
  });
}
