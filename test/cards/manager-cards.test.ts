import { expect } from 'chai';
import { newStarterAddedCard, newStarterFormCard } from '../../src/cards/new-starter-card.js';
import { MAX_CARD_BYTES } from '../../src/cards/render-card.js';
import { describeDays, settingsFormCard, settingsNoticeCard, settingsSavedCard } from '../../src/cards/settings-card.js';
import { defaultPack } from '../helpers/content.js';

const HOSTILE = '[x](https://evil.example) **bold** ${name}';

function inputs(card: unknown): any[] {
  const out: any[] = [];
  JSON.stringify(card, (_k, v) => {
    if (v && typeof v.type === 'string' && v.type.startsWith('Input.')) out.push(v);
    return v;
  });
  return out;
}

describe('settings and new starter cards', () => {
  const prefs = { window: { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', pausedUntil: '2026-12-04' }, cadenceWeeks: undefined, digest: true };

  it('renders the settings form as Adaptive Card 1.5 under 28 KB, every input labelled, the clear-pause toggle only when paused', () => {
    const values = { cadenceWeeks: 6 as const, days: '1,2,3,4,5', startTime: '09:00', endTime: '17:00', timeZone: 'Europe/London', pausedUntil: '2026-12-04', digest: true };
    const paused = settingsFormCard(values, { defaultCadenceWeeks: 6, today: '2026-11-23', paused: true });
    const json = JSON.stringify(paused);
    expect(paused.version).to.equal('1.5');
    expect(Buffer.byteLength(json)).to.be.below(MAX_CARD_BYTES);
    expect(json).not.to.contain('${');
    for (const input of inputs(paused)) expect(input.label, input.id).to.be.a('string').with.length.above(2);
    expect(inputs(paused).map((i) => i.id)).to.include('clearPause');
    expect(inputs(settingsFormCard(values, { defaultCadenceWeeks: 6, today: '2026-11-23', paused: false })).map((i) => i.id)).not.to.include('clearPause');
    expect(inputs(paused).find((i) => i.id === 'digest').value).to.equal('true');
  });

  it('says what was saved in plain English, and escapes what people typed', () => {
    const json = JSON.stringify(settingsSavedCard(prefs, { defaultCadenceWeeks: 6, notice: 'Saved.' }));
    expect(json).to.contain('Every 6 weeks with each report (the trust default)');
    expect(json).to.contain('Monday to Friday');
    expect(json).to.contain('Until the end of 4 December 2026');
    expect(JSON.stringify(settingsSavedCard({ ...prefs, window: { ...prefs.window, start: '20:00', end: '08:00' } }, { defaultCadenceWeeks: 6 }))).to.contain('20:00 to 08:00 the next morning (night shift)');
    const notice = JSON.stringify(settingsNoticeCard(`I could not read "${HOSTILE}" as a date.`));
    expect(notice).to.contain('\\\\[x\\\\]');
    expect(notice).not.to.match(/[^\\]\]\(https/);
  });

  it('names working days readably', () => {
    expect(describeDays([1, 2, 3, 4, 5])).to.equal('Monday to Friday');
    expect(describeDays([6, 7])).to.equal('Saturday and Sunday');
    expect(describeDays([1, 3, 5])).to.equal('Monday, Wednesday and Friday');
    expect(describeDays([1, 2, 3, 4, 5, 6, 7])).to.equal('Every day');
  });

  it('renders the new starter form with labels and its form id, and the confirmation with each check-in', async () => {
    const plan = (await defaultPack()).plans.find((p) => p.id === 'onboarding');
    const form = newStarterFormCard({ formId: '6f1c2d3e-4b5a-4c6d-8e7f-001122334455', minStartDate: '2026-08-25', plan });
    expect(inputs(form).map((i) => [i.id, typeof i.label])).to.deep.equal([
      ['name', 'string'],
      ['startDate', 'string'],
      ['jobTitle', 'string'],
      ['email', 'string'],
    ]);
    expect(JSON.stringify(form)).to.contain('"formId":"6f1c2d3e-4b5a-4c6d-8e7f-001122334455"');
    const added = JSON.stringify(newStarterAddedCard({ name: HOSTILE, jobTitle: 'HCA', startDate: '2026-12-07', checkIns: [{ stepId: 'day-one', dueDate: '2026-12-07' }], plan }));
    expect(added).not.to.match(/[^\\]\]\(https/);
    expect(added).to.contain('\\\\[x\\\\]');
    expect(added).to.contain('starting 7 December 2026');
    expect(added).to.contain(plan!.steps.find((s) => s.id === 'day-one')!.title);
  });
});
