import { z } from 'zod';
import { DEFAULT_WINDOW } from '../domain/manager.js';

/**
 * Card forms' values as the client sends them (strings, sometimes numbers or booleans), checked
 * after the payload's shape so that mistakes come back as a card saying what to fix.
 */
const formValue = z.union([z.string().max(1000), z.number(), z.boolean()]).optional();

/** A card form's fields, each a value as the client sends it, for a payload's schema. */
export function formFields<K extends string>(fields: readonly K[]): { [F in K]: typeof formValue } {
  return Object.fromEntries(fields.map((f) => [f, formValue])) as { [F in K]: typeof formValue };
}

/** What was typed in each field, as text: the form is shown again with it, and what to fix. */
export function typedText<K extends string>(values: { readonly [F in K]?: unknown }, fields: readonly K[]): Record<K, string> {
  return Object.fromEntries(fields.map((f) => [f, String(values[f] ?? '')])) as Record<K, string>;
}

/** A form's values as text: what the client sent, trimmed; missing is empty. */
const text = z.preprocess((v) => (v === undefined || v === null ? '' : String(v).trim()), z.string());
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (v: string) => isoDate.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const hhmm = (label: string) =>
  text
    // Clients send "9:00", "09:00" or "09:00:00"; stored as "09:00".
    .transform((v) => v.replace(/^(\d{1,2}):(\d{2})(:\d{2})?$/, (_m, h: string, m: string) => `${h.padStart(2, '0')}:${m}`))
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), `${label}: enter a time such as 09:00.`);
const flag = z.preprocess((v) => v === true || v === 'true', z.boolean());

/** The settings card's values, checked, with every problem in plain English naming its field. */
export const settingsForm = z
  .object({
    cadenceWeeks: text.refine((v) => /^\d+$/.test(v) && Number(v) >= 2 && Number(v) <= 26, 'Weeks between wellbeing conversations: enter a whole number from 2 to 26.').transform(Number),
    days: text
      .transform((v) => [...new Set(v.split(/[,;\s]+/).filter(Boolean))])
      .refine((d) => d.length > 0, 'Working days: choose at least one day.')
      .refine((d) => d.every((x) => /^[1-7]$/.test(x)), 'Working days: choose days from the list.')
      .transform((d) => d.map(Number).sort((a, b) => a - b)),
    startTime: hhmm('Start time'),
    endTime: hhmm('End time'),
    timeZone: text.transform((v) => v || DEFAULT_WINDOW.timeZone),
    pausedUntil: text.refine((v) => v === '' || realDate(v), 'Pause until: choose a date, or leave it empty.').transform((v) => v || undefined),
    clearPause: flag,
    digest: flag,
  })
  .refine((f) => f.startTime !== f.endTime, { path: ['endTime'], message: 'End time: must differ from the start time.' });

export type SettingsForm = z.infer<typeof settingsForm>;

/** The new starter card's values, checked, with every problem in plain English naming its field. */
export const newStarterForm = z.object({
  name: text.refine((v) => v.length > 0, "Full name: enter the new starter's name.").refine((v) => v.length <= 200, 'Full name: use at most 200 characters.'),
  startDate: text.refine(realDate, 'Start date: choose the date they start.'),
  jobTitle: text.refine((v) => v.length > 0, 'Job title: enter their job title.').refine((v) => v.length <= 120, 'Job title: use at most 120 characters.'),
  email: text
    .refine((v) => v === '' || (v.length <= 254 && z.string().email().safeParse(v).success), 'Work email: enter an email address such as sam.patel@nhs.net, or leave it empty.')
    .transform((v) => v.toLowerCase() || undefined),
});

export type NewStarterForm = z.infer<typeof newStarterForm>;

/** Checks a form; the problems are lines for the card, one per field at most. */
export function checkForm<T>(schema: z.ZodType<T>, values: unknown): { ok: true; value: T } | { ok: false; problems: string[] } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, value: parsed.data };
  const byField = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return { ok: false, problems: [...byField.values()] };
}
