import { DateTime, IANAZone } from 'luxon';
import { DEFAULT_CADENCE_WEEKS } from '../config/defaults.js';
import type { Plan } from '../content/types.js';
import { DEFAULT_WINDOW, workingDayOnOrAfter, type DeliveryWindow, type HolidayCalendar } from './delivery-window.js';

/**
 * The rules for what is due when, in one place. Dates are local calendar
 * dates (YYYY-MM-DD) of the person they concern: "today" is always the
 * manager's own date, never the UTC one. The delivery window turns a due date
 * into a send time. Only the next occurrence of a recurring nudge ever exists.
 */
export { DEFAULT_CADENCE_WEEKS };

export type SnoozeFor = '1d' | '1w' | '2w';
export type SkipReason = 'on-leave' | 'left-team' | 'other';

export type Outcome =
  | { readonly kind: 'held'; readonly on: string }
  | { readonly kind: 'snoozed'; readonly for: SnoozeFor }
  | { readonly kind: 'skipped'; readonly reason: SkipReason };

/** Today's date where the person is; a time zone not known (or none stored) counts as the trust's default. */
export function todayFor(now: Date, timeZone: string | null | undefined = DEFAULT_WINDOW.timeZone): string {
  const zone = timeZone && IANAZone.isValidZone(timeZone) ? timeZone : DEFAULT_WINDOW.timeZone;
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** The weeks between wellbeing conversations: the manager's choice, else the trust's, else six. */
export function cadenceWeeksFor(chosen: number | null | undefined, trustDefault: number | undefined): number {
  return chosen ?? trustDefault ?? DEFAULT_CADENCE_WEEKS;
}

/** Next wellbeing conversation: a cadence after the last one held, or after the start date. */
export function wellbeingDueDate(lastHeldOn: string | null | undefined, startDate: string, cadenceWeeks: number): string {
  return addDays(lastHeldOn ?? startDate, cadenceWeeks * 7);
}

const SNOOZE_DAYS: Readonly<Record<SnoozeFor, number>> = { '1d': 1, '1w': 7, '2w': 14 };

/** The date a snoozed reminder comes back. */
export function snoozedUntil(today: string, snooze: SnoozeFor): string {
  return addDays(today, SNOOZE_DAYS[snooze]);
}

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
      return snoozedUntil(today, outcome.for);
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

/** The content pack's plan that onboarding check-ins follow. */
export const ONBOARDING_PLAN_ID = 'onboarding';

export function onboardingPlanOf(plans: readonly Plan[]): Plan | undefined {
  return plans.find((p) => p.id === ONBOARDING_PLAN_ID);
}

/** How far back a start date may be for onboarding check-ins: the plan runs about 90 days. */
export const STARTED_WITHIN_DAYS = 90;
/** How far ahead new starters get their check-ins planned. */
export const PLANNED_AHEAD_DAYS = 183;

/** Start dates whose onboarding is still to plan, seen from `today`. */
export function newStarterStartDates(today: string): { from: string; to: string } {
  return { from: addDays(today, -STARTED_WITHIN_DAYS), to: addDays(today, PLANNED_AHEAD_DAYS) };
}

/** Every onboarding check-in with its due date, from the plan's offsets and the start date. */
export function onboardingDueDates(startDate: string, plan: Plan): { stepId: string; dueDate: string }[] {
  return plan.steps.filter((s) => s.offsetDays !== undefined).map((s) => ({ stepId: s.id, dueDate: addDays(startDate, s.offsetDays!) }));
}

/**
 * A new starter's onboarding check-ins: each step of the plan dated from the
 * start date and moved to the manager's next working day (no check-in is due
 * on a day they do not work). Steps already past are `missed`: not planned,
 * and said so.
 */
export function onboardingCheckIns(
  startDate: string,
  plan: Plan,
  today: string,
  window: Pick<DeliveryWindow, 'days'>,
  holidays: HolidayCalendar,
): { ahead: { stepId: string; dueDate: string }[]; missed: { stepId: string; dueDate: string }[] } {
  const all = onboardingDueDates(startDate, plan).map((s) => ({ stepId: s.stepId, dueDate: workingDayOnOrAfter(s.dueDate, window, holidays) }));
  return { ahead: all.filter((s) => s.dueDate >= today), missed: all.filter((s) => s.dueDate < today) };
}
