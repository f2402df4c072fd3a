import type { ManagerSettings } from '../domain/manager.js';
import { escapeMarkdown, formatDate } from './card-text.js';
import { renderCard, type Card } from './render-card.js';

/** The settings form's values as shown: what is stored, or what the manager just typed. */
export interface SettingsFormValues {
  readonly cadenceWeeks: number | '';
  /** ISO weekdays, comma-separated, as the multi-select choice set holds them. */
  readonly days: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly timeZone: string;
  readonly pausedUntil: string;
  readonly digest: boolean;
}

export function formValuesOf(settings: ManagerSettings, defaultCadenceWeeks: number): SettingsFormValues {
  const w = settings.window;
  return {
    cadenceWeeks: settings.cadenceWeeks ?? defaultCadenceWeeks,
    days: w.days.join(','),
    startTime: w.start,
    endTime: w.end,
    timeZone: w.timeZone,
    pausedUntil: w.pausedUntil ?? '',
    digest: settings.digest,
  };
}

interface Common {
  readonly notice?: string;
  readonly problems?: readonly string[];
}

/** The form, filled with `values`; `problems` say what to fix after a refused save. */
export function settingsFormCard(values: SettingsFormValues, o: Common & { defaultCadenceWeeks: number; today: string; paused: boolean }): Card {
  return renderCard('settings', {
    mode: 'form',
    notice: escapeMarkdown(o.notice ?? ''),
    problemsText: problemsText(o.problems),
    summary: [],
    ...values,
    digest: values.digest ? 'true' : 'false',
    defaultCadenceWeeks: o.defaultCadenceWeeks,
    today: o.today,
    paused: o.paused,
  });
}

/** After a save (or a pause said in words): what now holds, in plain English. */
export function settingsSavedCard(settings: ManagerSettings, o: Common & { defaultCadenceWeeks: number }): Card {
  return renderCard('settings', {
    mode: 'saved',
    notice: escapeMarkdown(o.notice ?? ''),
    problemsText: problemsText(o.problems),
    summary: describeSettings(settings, o.defaultCadenceWeeks).map(([title, value]) => ({ title, value: escapeMarkdown(value) })),
  });
}

/** No form: the manager cannot be matched yet, or a pause said in words could not be understood. */
export function settingsNoticeCard(notice: string, problems: readonly string[] = []): Card {
  return renderCard('settings', { mode: 'none', notice: escapeMarkdown(notice), problemsText: problemsText(problems), summary: [] });
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function describeDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'Every day';
  const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (sorted.length >= 3 && consecutive) return `${DAY_NAMES[sorted[0]! - 1]} to ${DAY_NAMES[sorted[sorted.length - 1]! - 1]}`;
  const names = sorted.map((d) => DAY_NAMES[d - 1]!);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? 'No days');
}

export function describeSettings(s: ManagerSettings, defaultCadenceWeeks: number): [string, string][] {
  const cadence = s.cadenceWeeks ?? defaultCadenceWeeks;
  const w = s.window;
  return [
    ['Wellbeing conversations', `Every ${cadence} weeks with each report${cadence === defaultCadenceWeeks ? ' (the trust default)' : ''}`],
    ['Working days', describeDays(w.days)],
    ['Hours', `${w.start} to ${w.end}${w.end <= w.start ? ' the next morning (night shift)' : ''}`],
    ['Time zone', w.timeZone],
    ['Paused', w.pausedUntil ? `Until the end of ${formatDate(w.pausedUntil)}` : 'No'],
    ['Cards', s.digest ? 'One card listing the reminders due together' : 'One card for each reminder'],
  ];
}

function problemsText(problems: readonly string[] | undefined): string {
  return (problems ?? []).map((p) => `- ${escapeMarkdown(p)}`).join('\n');
}
