import { expect } from 'chai';
import { fixedClock } from '../../src/clock.js';
import { NO_HOLIDAYS } from '../../src/nudges/delivery-window.js';
import { changeSettings, pauseRemindersUntil, resumeRemindersNow } from '../../src/nudges/change-reminders.js';
import { findChatManager, managerInstalled, managerUninstalled, startRemindersAgain } from '../../src/nudges/chat-manager.js';
import { forgetMe } from '../../src/privacy/forget-me.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES } from '../helpers/engines.js';
import { addPeople, person } from '../helpers/factories.js';

/** The chat's use-cases: refusals a manager can act on come back as results, never as errors. */
for (const engine of ENGINES) describe(`chat use-cases: who the manager is, and changing their reminders (${engine.name})`, () => {
  let store: Store;
  const clock = fixedClock('2026-11-24T10:00:00Z');
  const deps = () => ({ nudges: store.nudges, clock, holidays: NO_HOLIDAYS, defaultCadenceWeeks: 6 });
  const AAD = 'aad-ward-manager';
  const me = async () => {
    const found = await findChatManager(store.nudges, AAD);
    if (!found.ok) throw new Error(`expected a manager, got ${found.reason}`);
    return found.manager;
  };

  beforeEach(async function () {
    store = await engine.open(this);
    await addPeople(store, clock, [person(1, { manager: 'ward.manager@nhs.net', startDate: '2024-09-01' })]);
  });
  afterEach(async () => store.close());

  it('finds nobody before install, the manager after it (email as the roster has it), and says when they said "forget me"', async () => {
    expect(await findChatManager(store.nudges, AAD)).to.deep.equal({ ok: false, reason: 'not-matched' });
    expect(await findChatManager(store.nudges, undefined)).to.deep.equal({ ok: false, reason: 'not-matched' });
    await managerInstalled(deps(), { email: 'Ward.Manager@NHS.net', aadObjectId: AAD, reference: { conversation: { id: 'c1' } } });
    expect((await me()).email).to.equal('ward.manager@nhs.net');
    expect(await forgetMe({ store, now: clock.now() }, AAD)).to.deep.include({ state: 'stopped' });
    expect(await findChatManager(store.nudges, AAD)).to.deep.equal({ ok: false, reason: 'stopped', stoppedOn: '2026-11-24' });
    // Installing again does not undo "forget me": only "start reminders" does.
    await managerInstalled(deps(), { email: 'ward.manager@nhs.net', aadObjectId: AAD, reference: { conversation: { id: 'c1' } } });
    expect((await findChatManager(store.nudges, AAD)).ok).to.equal(false);
    expect(await forgetMe({ store, now: clock.now() }, AAD)).to.deep.equal({ state: 'nothing' });
  });

  it('starts reminders again only after "forget me", and only from a chat it can write back to', async () => {
    expect(await startRemindersAgain(deps(), { aadObjectId: AAD, reference: { conversation: { id: 'c1' } } })).to.deep.equal({ started: false, reason: 'not-stopped' });
    await managerInstalled(deps(), { email: 'ward.manager@nhs.net', aadObjectId: AAD, reference: { conversation: { id: 'c1' } } });
    await forgetMe({ store, now: clock.now() }, AAD);
    expect(await startRemindersAgain(deps(), { aadObjectId: AAD })).to.deep.equal({ started: false, reason: 'no-chat' });
    const started = await startRemindersAgain(deps(), { aadObjectId: AAD, reference: { conversation: { id: 'c2' } } });
    expect(started.started && started.manager.email).to.equal('ward.manager@nhs.net');
    expect((await findChatManager(store.nudges, AAD)).ok).to.equal(true);
  });

  it('on uninstall says whether the manager was known', async () => {
    expect(await managerUninstalled(deps(), AAD)).to.equal(false);
    await managerInstalled(deps(), { email: 'ward.manager@nhs.net', aadObjectId: AAD, reference: { conversation: { id: 'c1' } } });
    expect(await managerUninstalled(deps(), AAD)).to.equal(true);
  });

  it('refuses a pause it cannot read, one in the past (with the date read) or over a year, and saves nothing', async () => {
    await managerInstalled(deps(), { email: 'ward.manager@nhs.net', aadObjectId: AAD, reference: { conversation: { id: 'c1' } } });
    const manager = await me();
    expect(await pauseRemindersUntil(deps(), manager, 'the twelfth of never')).to.deep.equal({ ok: false, reason: 'unreadable' });
    expect(await pauseRemindersUntil(deps(), manager, '2026-11-20')).to.deep.equal({ ok: false, reason: 'past', until: '2026-11-20' });
    expect(await pauseRemindersUntil(deps(), manager, '2028-01-01')).to.deep.equal({ ok: false, reason: 'too-far' });
    expect(await resumeRemindersNow(deps(), await me())).to.deep.equal({ ok: false, reason: 'not-paused' });
  });

  it('pauses until a date as written, then resumes', async () => {
    await managerInstalled(deps(), { email: 'ward.manager@nhs.net', aadObjectId: AAD, reference: { conversation: { id: 'c1' } } });
    const paused = await pauseRemindersUntil(deps(), await me(), '4 December');
    expect(paused.ok && paused.until).to.equal('2026-12-04');
    expect((await resumeRemindersNow(deps(), await me())).ok).to.equal(true);
    expect(await resumeRemindersNow(deps(), await me())).to.deep.equal({ ok: false, reason: 'not-paused' });
  });

  it('returns settings it refuses as problems to show on the form, not as an error', async () => {
    await managerInstalled(deps(), { email: 'ward.manager@nhs.net', aadObjectId: AAD, reference: { conversation: { id: 'c1' } } });
    const window = { timeZone: 'Mars/Olympus', days: [1, 2, 3], start: '09:00', end: '17:00' };
    const prefs = { window, cadenceWeeks: 4, digest: true };
    const refused = await changeSettings(deps(), await me(), prefs);
    expect(refused.ok).to.equal(false);
    expect(!refused.ok && refused.problems[0]).to.match(/^Time zone: "Mars\/Olympus" is not a time zone/);
    const saved = await changeSettings(deps(), await me(), { ...prefs, window: { ...window, timeZone: 'Europe/London' } });
    expect(saved.ok && saved.value.manager.email).to.equal('ward.manager@nhs.net');
  });
});
