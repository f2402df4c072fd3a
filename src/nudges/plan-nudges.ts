import { DateTime } from 'luxon';
import type { Plan } from '../content/types.js';
import type { ManagerRow, NewNudge, NudgeStore } from '../store/nudge-store.js';
import { nextDeliveryTime, type HolidayCalendar } from './delivery-window.js';
import { windowFor } from './manager-window.js';
import { DEFAULT_CADENCE_WEEKS, onboardingDueDates, wellbeingDueDate } from './schedule.js';

export interface PlanDeps {
  readonly nudges: NudgeStore;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks?: number;
}

/**
 * When a nudge due on `dueDate` may go: the manager's first working moment on
 * or after that day (and, when given, not before `notBefore`).
 */
export function sendAfterFor(dueDate: string, manager: ManagerRow | undefined, holidays: HolidayCalendar, notBefore?: Date): Date {
  const window = windowFor(manager);
  const startOfDue = DateTime.fromISO(dueDate, { zone: window.timeZone }).startOf('day').toJSDate();
  const from = notBefore && notBefore > startOfDue ? notBefore : startOfDue;
  // A window that never opens still needs a time; the nudge then waits a year and is visible to HR.
  return nextDeliveryTime(from, window, holidays) ?? DateTime.fromJSDate(from).plus({ years: 1 }).toJSDate();
}

/**
 * Makes sure every person in post has their next wellbeing nudge. Pages
 * through the roster so a large trust does not load everyone at once.
 */
/** After a nudge fails for good, its person gets a new one no sooner than this. */
const FAILED_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export async function planWellbeingNudges(deps: PlanDeps, now: Date): Promise<number> {
  const managers = new Map<string, ManagerRow | undefined>();
  let after = '';
  let created = 0;
  for (;;) {
    const people = await deps.nudges.peopleWithoutOpenWellbeing(after, 1000, new Date(now.getTime() - FAILED_RETRY_AFTER_MS));
    if (people.length === 0) return created;
    const batch: NewNudge[] = [];
    for (const p of people) {
      if (!managers.has(p.manager_email)) managers.set(p.manager_email, await deps.nudges.getManager(p.manager_email));
      const manager = managers.get(p.manager_email);
      const cadence = manager?.cadence_weeks ?? deps.defaultCadenceWeeks ?? DEFAULT_CADENCE_WEEKS;
      const dueDate = wellbeingDueDate(p.last_wellbeing_on ?? undefined, p.start_date, cadence);
      batch.push({ kind: 'wellbeing', employeeId: p.employee_id, managerEmail: p.manager_email, stepId: undefined, dueDate, sendAfter: sendAfterFor(dueDate, manager, deps.holidays) });
    }
    created += await deps.nudges.createNudges(batch, now);
    after = people[people.length - 1]!.employee_id;
  }
}

/** Onboarding check-ins for one new starter: every step of the plan that is not already past. */
export async function planOnboarding(
  deps: PlanDeps,
  person: { employeeId: string; managerEmail: string; startDate: string },
  plan: Plan,
  now: Date,
): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const manager = await deps.nudges.getManager(person.managerEmail);
  const steps = onboardingDueDates(person.startDate, plan).filter((s) => s.dueDate >= today);
  return deps.nudges.createNudges(
    steps.map((s) => ({ kind: 'onboarding', employeeId: person.employeeId, managerEmail: person.managerEmail, stepId: s.stepId, dueDate: s.dueDate, sendAfter: sendAfterFor(s.dueDate, manager, deps.holidays) })),
    now,
  );
}

/**
 * Onboarding check-ins for everyone who starts within the next six months or
 * started in the last 90 days and has none yet (a roster import or a manager
 * adding a starter). Steps already past are not created.
 */
export async function planNewStarters(deps: PlanDeps, plan: Plan | undefined, now: Date): Promise<number> {
  if (!plan) return 0;
  const today = DateTime.fromJSDate(now, { zone: 'UTC' });
  const from = today.minus({ days: 90 }).toISODate()!;
  const to = today.plus({ days: 183 }).toISODate()!;
  let created = 0;
  for (;;) {
    const starters = await deps.nudges.newStartersWithoutOnboarding(from, to, 500);
    let made = 0;
    for (const p of starters) {
      made += await planOnboarding(deps, { employeeId: p.employee_id, managerEmail: p.manager_email, startDate: p.start_date }, plan, now);
    }
    created += made;
    // Starters whose every step is already past get nothing, so stop when a page creates nothing.
    if (starters.length < 500 || made === 0) return created;
  }
}
