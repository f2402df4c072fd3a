import { expect } from 'chai';
import { welcomeCard } from '../../src/cards/browse-cards.js';
import { fixedClock } from '../../src/clock.js';
import { FORGOTTEN } from '../../src/store/privacy-store.js';
import { botAddedActivity, messageActivity, postActivity } from '../helpers/activities.js';
import type { FakeConnector } from '../helpers/fake-connector.js';
import { OTHER_MANAGER as OTHER, startManagerChat, WARD_MANAGER as MANAGER, type ManagerChat, type TeamsUser } from '../helpers/manager-chat.js';
import type { TestServer } from '../helpers/test-server.js';

const ROSTER = [
  'employee_id,display_name,email,manager_email,start_date,department,job_title',
  'E1,Sam Patel,sam.patel@nhs.net,ward.manager@nhs.net,2026-09-01,Ward 7,Staff Nurse',
  'E3,Alex Jones,,ward.manager@nhs.net,2026-09-01,Ward 7,HCA',
  'E2,Priya Shah,,other.manager@nhs.net,2026-09-01,Ward 9,HCA',
].join('\n');

/** "Forget me" from the chat, through the confirm card, to what is left in the store. */
describe('privacy: "forget me" end to end (fake connector)', () => {
  let chat: ManagerChat;
  let server: TestServer;
  let connector: FakeConnector;
  const as = (m: TeamsUser) => chat.as(m);

  let clock: ReturnType<typeof fixedClock>;
  beforeEach(async () => {
    clock = fixedClock('2026-11-24T10:00:00Z');
    chat = await startManagerChat({ roster: ROSTER, managers: [MANAGER, OTHER], clock });
    ({ server, connector } = chat);
  });
  afterEach(async () => chat.stop());

  const act = (data: unknown, m: TeamsUser = MANAGER, aadObjectId?: string) => chat.invoke(data, m, aadObjectId);

  it('asks to confirm, then removes preferences, conversation and identifiable nudges; counts stay; a replay changes nothing', async () => {
    // One reminder answered, so there is history to anonymise.
    const [first] = await server.app.store.nudges.upcomingFor('ward.manager@nhs.net', 10);
    const held = await act({ verb: 'nudge-held', nudgeId: first!.id, heldOn: '2026-11-20' });
    expect(held.status).to.equal(200);
    const countsBefore = await server.app.store.nudges.countByStatus();
    const otherBefore = await server.app.store.nudges.upcomingFor('other.manager@nhs.net', 10);
    expect(otherBefore).to.not.have.length(0);

    await postActivity(server.url, messageActivity('Forget me', as(MANAGER)));
    const [call] = await connector.waitFor((c) => c.length >= 1);
    const confirm = JSON.stringify(call!.body.attachments[0].content);
    expect(confirm).to.contain('Yes, forget me');
    expect(confirm).to.contain('"confirm":true');
    expect(await server.app.store.nudges.getManager('ward.manager@nhs.net'), 'nothing removed before confirming').to.not.equal(undefined);

    const cancelled = await act({ verb: 'forget-me', confirm: false });
    expect(cancelled.text).to.contain('Nothing was removed');
    expect(await server.app.store.nudges.getManager('ward.manager@nhs.net')).to.not.equal(undefined);

    const done = await act({ verb: 'forget-me', confirm: true });
    expect(done.status).to.equal(200);
    expect(done.text).to.contain('Done.');
    expect(await server.app.store.nudges.getManager('ward.manager@nhs.net')).to.equal(undefined);
    expect(await server.app.store.nudges.upcomingFor('ward.manager@nhs.net', 10)).to.have.length(0);
    const exported = await server.app.store.privacy.subjectAccess('ward.manager@nhs.net');
    expect(exported === undefined || exported.nudgesToThem.length === 0).to.equal(true);
    const anonymised = (await server.app.store.nudges.getNudge(first!.id))!;
    expect(anonymised).to.deep.include({ managerEmail: FORGOTTEN, employeeId: FORGOTTEN });
    expect(anonymised.outcome?.kind).to.equal('held');
    expect((await server.app.store.nudges.countByStatus()).done, 'the held conversation still counts').to.equal(countsBefore.done);
    expect(server.logs.join('\n')).to.contain('"verb":"forget-me"');

    // The other manager is untouched.
    expect(await server.app.store.nudges.getManager('other.manager@nhs.net')).to.not.equal(undefined);
    expect(await server.app.store.nudges.upcomingFor('other.manager@nhs.net', 10)).to.deep.equal(otherBefore);

    // Replaying the confirmation finds nothing and changes nothing.
    const countsAfter = await server.app.store.nudges.countByStatus();
    const replay = await act({ verb: 'forget-me', confirm: true });
    expect(replay.text).to.contain('nothing to remove');
    expect(await server.app.store.nudges.countByStatus()).to.deep.equal(countsAfter);
  });

  it('a manager still in the roster: no reminders are planned after "forget me", every reply says why, until "start reminders"', async () => {
    const say = async (text: string) => {
      connector.calls.length = 0;
      await postActivity(server.url, messageActivity(text, as(MANAGER)));
      const [call] = await connector.waitFor((c) => c.length >= 1);
      return JSON.stringify(call!.body.attachments[0].content);
    };
    const done = await act({ verb: 'forget-me', confirm: true });
    expect(done.text).to.contain("HR's staff list still shows you as a line manager");
    expect(done.text).to.contain('until you say \\"start reminders\\"');

    // 15 seconds later the dispatcher plans again: nothing for this manager's team.
    clock.advance(15_000);
    await server.app.dispatcher.runNow();
    expect(await server.app.store.nudges.upcomingFor(MANAGER.email, 10)).to.have.length(0);
    expect(await server.app.store.nudges.upcomingFor(OTHER.email, 10)).to.not.have.length(0);

    const stopped = 'You asked me to forget you on 24 November 2026, so I am not sending you reminders about your team. Say \\"start reminders\\" to start them again.';
    for (const text of ['my reminders', 'settings', 'I have a new starter', "I'm on leave until 4 December", 'resume']) {
      const card = await say(text);
      expect(card, text).to.contain(stopped);
      expect(card, text).not.to.contain('could not match you');
    }
    // Installing again does not undo it: only the manager's words do.
    await postActivity(server.url, botAddedActivity(as(MANAGER)));
    expect(await server.app.store.nudges.getManager(MANAGER.email)).to.equal(undefined);

    const started = await say('start reminders');
    expect(started).to.contain('Reminders are on again');
    expect(await server.app.store.nudges.getManager(MANAGER.email)).to.deep.include({ reachable: true, aadObjectId: MANAGER.aadObjectId });
    connector.calls.length = 0;
    await server.app.dispatcher.runNow();
    expect((await server.app.store.nudges.upcomingFor(MANAGER.email, 10)).map((n) => n.employeeId)).to.include.members(['E1', 'E3']);
    await connector.waitFor((c) => c.some((x) => x.conversationId === `a:${MANAGER.id}`));
    expect(await say('my reminders')).to.contain('Wellbeing conversation with');
  });

  it('the welcome card tells managers how to use it', async () => {
    expect(JSON.stringify(welcomeCard({ publicUrl: server.url, settings: server.app.knowledge.pack.settings }))).to.contain('Type \\"forget me\\"');
  });

  it('a forged payload cannot name someone else: forget-me acts only on the sender, and extra fields are ignored', async () => {
    const res = await act({ verb: 'forget-me', confirm: true, email: 'other.manager@nhs.net', aadObjectId: 'aad-user-2' }, MANAGER, 'aad-stranger');
    expect(res.text).to.contain('nothing to remove');
    expect(await server.app.store.nudges.getManager('other.manager@nhs.net')).to.not.equal(undefined);
    expect(await server.app.store.nudges.getManager('ward.manager@nhs.net')).to.not.equal(undefined);
  });
});
