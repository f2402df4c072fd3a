import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { botAddedActivity, botRemovedActivity, installationUpdateActivity, invokeActivity, messageActivity, postActivity, type ActivityOptions } from '../helpers/activities.js';
import type { FakeConnector } from '../helpers/fake-connector.js';
import { MANAGER, startWithInstalledManager, type InstalledManager } from '../helpers/installed-manager.js';
import type { TestServer } from '../helpers/test-server.js';

const ROSTER = ['employee_id,display_name,email,manager_email,start_date,department,job_title', 'E1,Sam Patel,sam.patel@nhs.net,ward.manager@nhs.net,2026-09-01,Ward 7,Staff Nurse'].join('\n');

/** Every input of a card with its label, and the data of its Action.Execute buttons by verb. */
function inputsOf(card: unknown): Record<string, any> {
  const inputs: Record<string, any> = {};
  JSON.stringify(card, (_k, v) => {
    if (v && typeof v.type === 'string' && v.type.startsWith('Input.')) inputs[v.id] = v;
    return v;
  });
  return inputs;
}
function actionData(card: unknown, verb: string): any {
  let found: any;
  JSON.stringify(card, (_k, v) => {
    if (!found && v && v.type === 'Action.Execute' && v.verb === verb) found = v.data;
    return v;
  });
  return found;
}

/** The settings, pause and new starter conversations, and uninstall, through /api/messages. */
describe('manager chat: settings, leave, new starters, uninstall (fake connector)', () => {
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

  const say = async (text: string) => {
    connector.calls.length = 0;
    const res = await postActivity(server.url, messageActivity(text, o));
    expect(res.status).to.be.below(300);
    const [call] = await connector.waitFor((c) => c.length >= 1);
    return call!.body.attachments[0].content;
  };
  const act = async (data: Record<string, unknown>, aadObjectId = MANAGER.aadObjectId) => {
    const res = await postActivity(server.url, invokeActivity('adaptiveCard/action', { action: { type: 'Action.Execute', verb: data.verb, data } }, { ...o, aadObjectId }));
    return { status: res.status, card: ((await res.json()) as any).value };
  };
  const manager = async () => (await server.app.store.nudges.getManager(MANAGER.email))!;
  const samsNudge = async () => (await server.app.store.nudges.upcomingFor(MANAGER.email, 20)).find((n) => n.employeeId === 'E1' && n.kind === 'wellbeing')!;

  it('"settings" shows a labelled form with the trust default, and saving re-plans the reminder not yet sent', async () => {
    await server.app.dispatcher.planNow();
    // Six weeks after 1 September is long past and nothing is recorded: a first round of one, from today.
    expect((await samsNudge()).dueDate).to.equal('2026-11-24');
    const form = await say('settings');
    const inputs = inputsOf(form);
    expect(Object.keys(inputs)).to.have.members(['cadenceWeeks', 'days', 'startTime', 'endTime', 'timeZone', 'pausedUntil', 'digest']);
    for (const input of Object.values(inputs)) expect(input.label, input.id).to.be.a('string').and.not.equal('');
    expect(inputs.cadenceWeeks.label).to.contain('trust default: 6');
    expect(inputs.cadenceWeeks.value).to.equal(6);
    expect(inputs.days).to.deep.include({ isMultiSelect: true, value: '1,2,3,4,5' });
    expect(inputs.timeZone.value).to.equal('Europe/London');
    expect(actionData(form, 'settings-save')).to.deep.equal({ verb: 'settings-save' });

    // What Teams sends: the button's data merged with the inputs' values, as strings.
    const saved = await act({ verb: 'settings-save', cadenceWeeks: '10', days: '1,3,5', startTime: '08:00', endTime: '12:30', timeZone: 'Europe/London', pausedUntil: '', digest: 'false' });
    expect(saved.status).to.equal(200);
    const text = JSON.stringify(saved.card);
    // Sam's wellbeing reminder, and his last two onboarding check-ins (he started within 90 days).
    expect(text).to.contain('Saved. 3 reminders not yet sent were moved to fit.');
    expect(text).to.contain('Every 10 weeks with each report');
    expect(text).to.contain('Monday, Wednesday and Friday');
    expect(text).to.contain('One card for each reminder');
    expect(actionData(saved.card, 'settings-save')).to.equal(undefined);
    expect(await manager()).to.deep.include({ cadenceWeeks: 10, window: { timeZone: 'Europe/London', days: [1, 3, 5], start: '08:00', end: '12:30', pausedUntil: undefined }, digest: false });
    // Ten weeks after 1 September is 10 November, past, nothing recorded: the first round starts on the next
    // Monday, Wednesday or Friday, Wednesday 25th at 08:00.
    expect(await samsNudge()).to.deep.include({ dueDate: '2026-11-25', sendAfter: new Date('2026-11-25T08:00:00.000Z') });
  });

  it('a refused save comes back as the form saying what to fix, keeping what was typed', async () => {
    const res = await act({ verb: 'settings-save', cadenceWeeks: '40', days: '', startTime: '9am', endTime: '17:00', timeZone: 'Mars/Olympus', pausedUntil: '2026-11-01', digest: 'true' });
    expect(res.status).to.equal(200);
    const text = JSON.stringify(res.card);
    expect(text).to.contain('Nothing was saved');
    expect(text).to.contain('Weeks between wellbeing conversations: enter a whole number from 2 to 26.');
    expect(text).to.contain('Working days: choose at least one day.');
    expect(text).to.contain('Start time: enter a time such as 09:00.');
    expect(inputsOf(res.card).timeZone.value).to.equal('Mars/Olympus');
    // The shape was fine but the time zone and the date were not: those come back too.
    const second = await act({ verb: 'settings-save', cadenceWeeks: '6', days: '1', startTime: '09:00', endTime: '17:00', timeZone: 'Mars/Olympus', pausedUntil: '2026-11-01', digest: 'true' });
    expect(JSON.stringify(second.card)).to.contain('is not a time zone I know').and.contain('Pause until: that date has already passed');
    expect((await manager()).window).to.deep.include({ days: [1, 2, 3, 4, 5], timeZone: 'Europe/London' });
  });

  it('"I\'m on leave until 4 December" pauses, a past date is refused, and "resume" clears the pause', async () => {
    await server.app.dispatcher.planNow();
    const paused = JSON.stringify(await say('I’m on leave until 4 December'));
    expect(paused).to.contain('Reminders paused until the end of 4 December 2026');
    expect((await manager()).window.pausedUntil).to.equal('2026-12-04');
    // The overdue reminder waits for Monday 7 December, 09:00 London time.
    expect((await samsNudge()).sendAfter.toISOString()).to.equal('2026-12-07T09:00:00.000Z');
    connector.calls.length = 0;
    expect((await server.app.dispatcher.runNow()).sent).to.equal(0);
    expect(connector.calls).to.have.length(0);

    const past = JSON.stringify(await say('pause until 2026-11-01'));
    expect(past).to.contain('1 November 2026 has already passed, so nothing was paused');
    expect((await manager()).window.pausedUntil).to.equal('2026-12-04');
    expect(JSON.stringify(await say('pause until someday'))).to.contain('I could not read \\"someday\\" as a date');
    // "I'm off to ..." without a date is a question, answered as one.
    expect(JSON.stringify(await say("I'm off to a return to work meeting, what should I ask?"))).not.to.contain('Your reminder settings');

    expect(JSON.stringify(await say('resume'))).to.contain('Welcome back: reminders are on again.');
    expect((await manager()).window.pausedUntil).to.equal(undefined);
    expect((await samsNudge()).sendAfter.toISOString()).to.equal('2026-11-24T10:00:00.000Z');
  });

  it('"I have a new starter" shows a labelled form; submitting adds them once and plans onboarding', async () => {
    const form = await say('I have a new starter');
    const inputs = inputsOf(form);
    expect(Object.keys(inputs)).to.have.members(['name', 'startDate', 'jobTitle', 'email']);
    for (const input of Object.values(inputs)) expect(input.label, input.id).to.be.a('string').and.not.equal('');
    const data = actionData(form, 'new-starter-save');
    expect(data.formId).to.match(/^[0-9a-f-]{36}$/);

    const bad = await act({ ...data, name: '', startDate: '2026-12-07', jobTitle: 'HCA', email: 'not-an-email' });
    const badText = JSON.stringify(bad.card);
    expect(badText).to.contain("Full name: enter the new starter's name.");
    expect(badText).to.contain('Work email: enter an email address');
    expect(actionData(bad.card, 'new-starter-save')).to.deep.equal(data); // same form id: still one person

    const submit = { ...data, name: 'Priya Shah', startDate: '2026-12-07', jobTitle: 'Healthcare Assistant', email: 'Priya.Shah@nhs.net' };
    const [first, second] = await Promise.all([act(submit), act(submit)]);
    for (const r of [first, second]) {
      expect(r.status).to.equal(200);
      expect(JSON.stringify(r.card)).to.contain('Priya Shah (Healthcare Assistant) is now in your team, starting 7 December 2026.');
    }
    const person = (await server.app.store.getPerson(`chat:${data.formId}`))!;
    expect(person).to.deep.include({ managerEmail: MANAGER.email, email: 'priya.shah@nhs.net', startDate: '2026-12-07' });
    const onboarding = (await server.app.store.nudges.upcomingFor(MANAGER.email, 50)).filter((n) => n.kind === 'onboarding' && n.employeeId === person.employeeId);
    expect(onboarding).to.have.length(6);
    expect(JSON.stringify(first.card)).to.contain('30 November 2026');

    const forged = await act(submit, 'aad-stranger');
    expect(JSON.stringify(forged.card)).to.contain('I could not match you to the staff roster yet');
  });

  it('typing 30 weeks is refused with the allowed range, never saved as 26', async () => {
    const form = await say('settings');
    const cadence = inputsOf(form).cadenceWeeks;
    // No min or max on the input: a client clamping 30 to 26 would save what the manager did not type.
    expect(cadence).not.to.have.property('max');
    expect(cadence).not.to.have.property('min');
    expect(cadence.label).to.contain('2 to 26');
    const res = await act({ verb: 'settings-save', cadenceWeeks: '30', days: '1,2,3,4,5', startTime: '09:00', endTime: '17:00', timeZone: 'Europe/London', pausedUntil: '', digest: 'true' });
    const text = JSON.stringify(res.card);
    expect(text).to.contain('Nothing was saved');
    expect(text).to.contain('Weeks between wellbeing conversations: enter a whole number from 2 to 26.');
    expect(inputsOf(res.card).cadenceWeeks.value).to.equal(30);
    expect(await manager()).to.deep.include({ cadenceWeeks: undefined });
  });

  it('a new starter\'s check-ins fall on working days, and the confirmation names the one already past', async () => {
    const form = await say('I have a new starter');
    const data = actionData(form, 'new-starter-save');
    // Starting Friday 27 November: "before day one" (20 November) is past; day 30 (27 December) is a Sunday.
    const res = await act({ ...data, name: 'Priya Shah', startDate: '2026-11-27', jobTitle: 'HCA', email: '' });
    const text = JSON.stringify(res.card);
    expect(text).to.contain('Before day one (20 November 2026) has already passed, so I won\'t remind you about it.');
    expect(text).to.contain('these 5 onboarding check-ins');
    const onboarding = (await server.app.store.nudges.upcomingFor(MANAGER.email, 50)).filter((n) => n.kind === 'onboarding' && n.employeeId === `chat:${data.formId}`);
    expect(onboarding).to.have.length(5);
    const { bankHolidays } = await import('../../src/nudges/delivery-window.js');
    const holidays = bankHolidays('england-and-wales');
    for (const n of onboarding) {
      const weekday = new Date(`${n.dueDate}T12:00:00Z`).getUTCDay();
      expect([0, 6], `${n.stepId} on ${n.dueDate}`).not.to.include(weekday);
      expect(holidays.isHoliday(n.dueDate), `${n.stepId} on ${n.dueDate}`).to.equal(false);
      expect(text).to.contain(new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${n.dueDate}T00:00:00Z`)));
    }
    expect(onboarding.find((n) => n.stepId === 'day-30')!.dueDate).to.equal('2026-12-29'); // Sunday 27th, then the Boxing Day bank holiday on Monday 28th
  });

  it('the help card and the reminders card offer settings and a new starter', async () => {
    for (const text of ['help', 'my reminders']) {
      const card = await say(text);
      expect(actionData(card, 'settings'), text).to.deep.equal({ verb: 'settings' });
      expect(actionData(card, 'new-starter'), text).to.deep.equal({ verb: 'new-starter' });
    }
    const form = await act({ verb: 'new-starter' });
    expect(Object.keys(inputsOf(form.card))).to.include('startDate');
  });

  for (const [label, uninstall] of [
    ['installationUpdate "remove"', () => installationUpdateActivity('remove', o)],
    ['conversationUpdate removing the bot', () => botRemovedActivity(o)],
  ] as const) {
    it(`uninstall (${label}) marks the manager unreachable and their reminders are not sent`, async () => {
      await server.app.dispatcher.planNow();
      const res = await postActivity(server.url, uninstall());
      expect(res.status).to.be.below(300);
      expect(await manager()).to.deep.include({ reachable: false });
      expect((await samsNudge()).status).to.equal('parked');
      const pass = await server.app.dispatcher.runNow();
      expect(pass.sent).to.equal(0);
      expect(connector.calls).to.have.length(0);
      expect(server.logs.join('\n')).to.contain('manager uninstalled the assistant');

      // Installing again brings the manager and their reminders back.
      await postActivity(server.url, botAddedActivity(o));
      await connector.waitFor((c) => c.length >= 1);
      await server.app.dispatcher.runNow();
      await connector.waitFor((c) => c.some((x) => JSON.stringify(x.body).includes('Wellbeing conversation with Sam Patel')));
      expect((await samsNudge()).status).to.equal('sent');
    });
  }
});
