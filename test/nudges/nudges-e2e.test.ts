import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { invokeActivity, messageActivity, postActivity, type ActivityOptions } from '../helpers/activities.js';
import type { FakeConnector } from '../helpers/fake-connector.js';
import { MANAGER, startWithInstalledManager, type InstalledManager } from '../helpers/installed-manager.js';
import type { TestServer } from '../helpers/test-server.js';

const ROSTER = [
  'employee_id,display_name,email,manager_email,start_date,department,job_title',
  'E1,Sam Patel,sam.patel@nhs.net,Ward.Manager@nhs.net,2026-09-01,Ward 7,Staff Nurse',
  'E2,Priya Shah,,other.manager@nhs.net,2026-09-01,Ward 9,HCA',
].join('\n');

/** Journey 3 end to end: roster, install, a due nudge as a card, the manager's answer, faults. */
describe('nudges end to end (fake connector)', () => {
  let world: InstalledManager;
  let server: TestServer;
  let connector: FakeConnector;
  let o: ActivityOptions;
  const clock = fixedClock('2026-11-24T10:00:00Z'); // a Tuesday, in working hours

  beforeEach(async () => {
    world = await startWithInstalledManager(ROSTER, clock);
    ({ server, connector, o } = world);
  });
  afterEach(async () => world.stop());

  const nudgeFor = async (employeeId: string) => {
    const rows = await server.app.store.nudges.upcomingFor(employeeId === 'E1' ? 'ward.manager@nhs.net' : 'other.manager@nhs.net', 10);
    return rows.find((r) => r.employeeId === employeeId && r.kind === 'wellbeing')!;
  };
  const act = (data: unknown, aadObjectId = MANAGER.aadObjectId) =>
    postActivity(server.url, invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: (data as { verb: string }).verb, data } }, { ...o, aadObjectId })).then(
      async (r) => ({ status: r.status, body: (await r.json()) as any }),
    );

  it('stores the manager on install, sends the due nudge as a card, and parks one for a manager it cannot reach', async () => {
    const manager = await server.app.store.nudges.getManager('ward.manager@nhs.net');
    expect(manager).to.deep.include({ aadObjectId: 'aad-user-1', reachable: true });

    await server.app.dispatcher.runNow();
    const [call] = await connector.waitFor((c) => c.length >= 1);
    // botbuilder posts proactive messages as a reply to its own continuation activity; Teams shows a new message.
    expect(call!.kind).to.be.oneOf(['send', 'reply']);
    const card = JSON.stringify(call!.body.attachments[0].content);
    expect(card).to.contain('Wellbeing conversation with Sam Patel');
    expect(card).to.contain('attendees=sam.patel%40nhs.net');
    expect(card).to.contain('"verb":"nudge-held"');
    expect(connector.calls).to.have.length(1);

    expect((await nudgeFor('E1')).status).to.equal('sent');
    expect((await nudgeFor('E2')).status).to.equal('parked');
  });

  it('Mark as held updates the card, schedules the next one from the date held, and a second click changes nothing', async () => {
    await server.app.dispatcher.runNow();
    const sent = await nudgeFor('E1');
    const first = await act({ verb: 'nudge-held', nudgeId: sent.id, heldOn: '2026-11-20' });
    expect(first.status).to.equal(200);
    const card = JSON.stringify(first.body.value);
    expect(card).to.contain('Marked as held on 20 November 2026. The next one is due around 1 January 2027.');
    expect(card).not.to.contain('"verb":"nudge-held"');

    const next = await nudgeFor('E1');
    expect(next.id).not.to.equal(sent.id);
    expect(next).to.deep.include({ dueDate: '2027-01-01', status: 'pending' });
    expect((await server.app.store.getPerson('E1')) as unknown).to.not.equal(undefined);

    const again = await act({ verb: 'nudge-snooze', nudgeId: sent.id, snooze: '1w' });
    expect(again.status).to.equal(200);
    expect(JSON.stringify(again.body.value)).to.contain('Marked as held on 20 November 2026');
    expect((await server.app.store.nudges.upcomingFor('ward.manager@nhs.net', 10)).filter((n) => n.employeeId === 'E1' && n.kind === 'wellbeing')).to.have.length(1);
  });

  it('the first card about someone with nothing recorded says so, not a due date worked out from their start date', async () => {
    await server.app.dispatcher.runNow();
    const [call] = await connector.waitFor((c) => c.length >= 1);
    const card = JSON.stringify(call!.body.attachments[0].content);
    expect(card).to.contain('No wellbeing conversation with Sam Patel is recorded yet.');
    // Six weeks after Sam started (1 September) was 13 October: the card does not pretend a date was set.
    expect(card).not.to.contain('13 October 2026');
    expect(card).not.to.contain('is due (');
  });

  it('after "Mark as held" with today\'s date the card says what happened and when the next one is due', async () => {
    await server.app.dispatcher.runNow();
    const sent = await nudgeFor('E1');
    const held = await act({ verb: 'nudge-held', nudgeId: sent.id, heldOn: '2026-11-24' });
    const card = JSON.stringify(held.body.value);
    expect(card).to.contain('Marked as held on 24 November 2026. The next one is due around 5 January 2027.');
    expect(card).not.to.contain('since your last wellbeing conversation');
    expect(card).not.to.contain('week');
    // Pressed again (a second device): the same, with the next date still shown.
    const again = await act({ verb: 'nudge-held', nudgeId: sent.id, heldOn: '2026-11-24' });
    expect(JSON.stringify(again.body.value)).to.contain('Marked as held on 24 November 2026. The next one is due around 5 January 2027.');
  });

  it('snoozes and skips with reasons', async () => {
    await server.app.dispatcher.runNow();
    const sent = await nudgeFor('E1');
    const snoozed = await act({ verb: 'nudge-snooze', nudgeId: sent.id, snooze: '2w' });
    expect(JSON.stringify(snoozed.body.value)).to.contain('Snoozed until 8 December 2026');
    const next = await nudgeFor('E1');
    expect(next.dueDate).to.equal('2026-12-08');
    const skipped = await act({ verb: 'nudge-skip', nudgeId: next.id, reason: 'left-team' });
    expect(skipped.status).to.equal(200);
    expect(JSON.stringify(skipped.body.value)).to.contain('Skipped (they have left your team)');
    expect((await server.app.store.nudges.upcomingFor('ward.manager@nhs.net', 10)).filter((n) => n.kind === 'wellbeing')).to.have.length(0);
  });

  it("refuses a forged action on another manager's nudge, and logs it", async () => {
    await server.app.dispatcher.runNow();
    const other = await nudgeFor('E2');
    const forged = await act({ verb: 'nudge-held', nudgeId: other.id, heldOn: '2026-11-20' });
    expect(forged.status).to.equal(400);
    expect((await server.app.store.nudges.getNudge(other.id))!.outcome).to.equal(undefined);
    const stranger = await act({ verb: 'nudge-held', nudgeId: (await nudgeFor('E1')).id, heldOn: '2026-11-20' }, 'aad-stranger');
    expect(stranger.status).to.equal(400);
    expect(server.logs.join('\n')).to.contain('card action refused');
  });

  it('"my reminders" lists what is coming up for this manager only', async () => {
    await server.app.dispatcher.planNow();
    await postActivity(server.url, messageActivity('my reminders', o));
    const [call] = await connector.waitFor((c) => c.length >= 1);
    const card = JSON.stringify(call!.body.attachments[0].content);
    expect(card).to.contain('Wellbeing conversation with Sam Patel');
    expect(card).not.to.contain('Priya Shah');
  });

  it('refuses a held date in the future', async () => {
    await server.app.dispatcher.runNow();
    const res = await act({ verb: 'nudge-held', nudgeId: (await nudgeFor('E1')).id, heldOn: '2026-12-25' });
    expect(res.status).to.equal(400);
    expect(res.body.value.message).to.contain('future');
  });

  it('honours Retry-After on 429, then sends', async () => {
    // One HTTP attempt per send: the dispatcher, not the Bot Framework client, decides when to retry.
    connector.failNext(429, 1, { 'retry-after': '1' });
    await server.app.dispatcher.runNow();
    const waiting = await nudgeFor('E1');
    expect(waiting).to.deep.include({ status: 'pending', attempts: 1 });
    expect(Date.parse(waiting.sendAfter.toISOString()) - clock.now().getTime()).to.equal(1_000);
    await server.app.dispatcher.runNow();
    expect((await nudgeFor('E1')).status).to.equal('pending');
    clock.advance(2_000);
    await server.app.dispatcher.runNow();
    expect((await nudgeFor('E1')).status).to.equal('sent');
    expect(connector.activities).to.have.length(1);
  });

  it('parks the manager and their nudges on 403 instead of retrying', async () => {
    connector.failNext(403);
    await server.app.dispatcher.runNow();
    expect((await nudgeFor('E1')).status).to.equal('parked');
    expect((await server.app.store.nudges.getManager('ward.manager@nhs.net'))!.reachable).to.equal(false);
    await server.app.dispatcher.runNow();
    expect(connector.activities).to.have.length(0);
  });
});
