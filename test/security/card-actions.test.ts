import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { startManagerChat, WARD_MANAGER, type ManagerChat } from '../helpers/manager-chat.js';
import type { TestServer } from '../helpers/test-server.js';
import type { FakeConnector } from '../helpers/fake-connector.js';

const ROSTER = [
  'employee_id,display_name,email,manager_email,start_date,department,job_title',
  'E1,Sam Patel,,ward.manager@nhs.net,2024-09-01,Ward 7,Staff Nurse',
  'E2,Priya Shah,,other.manager@nhs.net,2024-09-01,Ward 9,HCA',
].join('\n');

/** Hostile and replayed card actions, on both ways a button reaches the bot (invoke and Action.Submit). */
describe('security: hostile and replayed card actions', () => {
  let chat: ManagerChat;
  let server: TestServer;
  let connector: FakeConnector;

  beforeEach(async () => {
    chat = await startManagerChat({ roster: ROSTER, managers: [WARD_MANAGER], clock: fixedClock('2026-11-24T10:00:00Z') });
    ({ server, connector } = chat);
  });
  afterEach(async () => chat.stop());

  const openNudge = async (manager: string) => (await server.app.store.nudges.upcomingFor(manager, 10)).find((n) => n.kind === 'wellbeing')!;
  const invoke = (data: unknown) => chat.invoke(data, WARD_MANAGER);

  it("refuses another manager's reminder sent as Action.Submit (older clients), logs it, and changes nothing", async () => {
    const theirs = await openNudge('other.manager@nhs.net');
    const submit = { ...messageActivity('', chat.as(WARD_MANAGER)), text: undefined, value: { verb: 'nudge-skip', nudgeId: theirs.id, reason: 'left-team' } };
    const res = await postActivity(server.url, submit);
    expect(res.status).to.be.lessThan(300);
    const [reply] = await connector.waitFor((c) => c.length >= 1);
    expect(reply!.body.text).to.contain('could not be used');
    expect((await server.app.store.nudges.getNudge(theirs.id))!).to.include({ outcome: undefined });
    expect(server.logs.join('\n')).to.contain('"event":"card-action-refused"');
  });

  it('ten concurrent replays of "Mark as held" record one outcome and schedule one next reminder', async () => {
    const mine = await openNudge('ward.manager@nhs.net');
    const before = await server.app.store.nudges.countByStatus();
    const results = await Promise.all(Array.from({ length: 10 }, () => invoke({ verb: 'nudge-held', nudgeId: mine.id, heldOn: '2026-11-20' })));
    expect(results.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
    const after = await server.app.store.nudges.countByStatus();
    expect(after.done).to.equal((before.done ?? 0) + 1);
    expect((after.pending ?? 0) - (before.pending ?? 0), 'exactly one next reminder').to.equal(1);
    expect((before.sent ?? 0) - (after.sent ?? 0)).to.equal(1);
    expect((await server.app.store.nudges.upcomingFor('ward.manager@nhs.net', 10)).filter((n) => n.employeeId === 'E1' && n.kind === 'wellbeing')).to.have.length(1);
  });

  it('a replayed feedback click with a different answer keeps the first', async () => {
    const doc = server.app.knowledge.pack.documents[0]!;
    const base = { verb: 'feedback', answerId: '00000000-0000-4000-8000-0000000000f1', docId: doc.id, section: doc.sections[0]!.anchor };
    expect((await invoke({ ...base, helpful: true })).status).to.equal(200);
    const replay = await invoke({ ...base, helpful: false, comment: 'changed my mind' });
    expect(replay.status).to.equal(200);
    expect(await server.app.store.feedbackFor(base.answerId)).to.deep.equal({ helpful: true });
  });

  it('refuses payloads with the wrong shape or unknown verbs with 400, naming no user data', async () => {
    for (const data of [{ verb: 'nudge-held', nudgeId: 'not-a-uuid', heldOn: '2026-11-20' }, { verb: 'drop-table' }, { verb: 'forget-me', confirm: 'yes' }, null, 'help']) {
      const res = await invoke(data);
      expect(res.status, JSON.stringify(data)).to.equal(400);
    }
  });
});
