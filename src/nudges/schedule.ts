import { DateTime } from 'luxon';
import type { Plan } from '../content/types.js';

/**
 * The rules for what is due when. Dates are local calendar dates
 * (YYYY-MM-DD); the delivery window turns a due date into a send time.
 * Only the next occurrence of a recurring nudge ever exists.
 */
export { DEFAULT_CADENCE_WEEKS } from '../config/defaults.js';

export type SnoozeFor = '1d' | '1w' | '2w';
export type SkipReason = 'on-leave' | 'left-team' | 'other';

export type Outcome =
  | { readonly kind: 'held'; readonly on: string }
  | { readonly kind: 'snoozed'; readonly for: SnoozeFor }
  | { readonly kind: 'skipped'; readonly reason: SkipReason };

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Next wellbeing conversation: a cadence after the last one held, or after the start date. */
export function wellbeingDueDate(lastHeldOn: string | undefined, startDate: string, cadenceWeeks: number): string {
  return addDays(lastHeldOn ?? startDate, cadenceWeeks * 7);
}

/** Every onboarding check-in with its due date, from the plan's offsets and the start date. */
export function onboardingDueDates(startDate: string, plan: Plan): { stepId: string; dueDate: string }[] {
  return plan.steps.filter((s) => s.offsetDays !== undefined).map((s) => ({ stepId: s.id, dueDate: addDays(startDate, s.offsetDays!) }));
}

const SNOOZE_DAYS: Readonly<Record<SnoozeFor, number>> = { '1d': 1, '1w': 7, '2w': 14 };

/**
 * What follows an outcome for a wellbeing nudge: the next due date, or none
 * when the report has left the team. Held resets the clock from the date held;
 * a skip moves on one cadence from today; a snooze comes back after its delay.
 */
export function nextWellbeingAfter(outcome: Outcome, today: string, cadenceWeeks: number): string | undefined {
  switch (outcome.kind) {
    case 'held':
      return addDays(outcome.on, cadenceWeeks * 7);
    case 'snoozed':
      return addDays(today, SNOOZE_DAYS[outcome.for]);
    case 'skipped':
      return outcome.reason === 'left-team' ? undefined : addDays(today, cadenceWeeks * 7);
  }
}

/** A held date must be a real date, not in the future, and not before the start of the relationship. */
export function checkHeldDate(on: string, today: string, notBefore: string): string | undefined {
  const d = DateTime.fromISO(on, { zone: 'UTC' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || !d.isValid) return 'must be a date written YYYY-MM-DD';
  if (on > today) return 'cannot be in the future';
  if (on < notBefore) return `cannot be before ${notBefore}`;
  return undefined;
}
