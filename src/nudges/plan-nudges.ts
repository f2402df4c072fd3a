import { setImmediate as nextTurn } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { Plan } from '../content/types.js';
import { DEFAULT_WINDOW, type DeliveryWindow, type Manager } from '../domain/manager.js';
import type { NewNudge, PlanningPerson } from '../domain/nudge.js';
import { nextDeliveryTime, type HolidayCalendar } from './delivery-window.js';
import { firstRoundStart, isFirstRound, spreadFirstRound } from './first-round.js';
import { addDays, cadenceWeeksFor, newStarterStartDates, onboardingCheckIns, todayFor, wellbeingDueDate } from './schedule.js';

/** What planning needs from the store. */
export interface PlanningStore {
  getManager(email: string): Promise<Manager | undefined>;
  /** People in post with no open wellbeing nudge, by employee id after `afterEmployeeId`; one that failed for good after `failedSince` still counts as open. */
  peopleWithoutOpenWellbeing(afterEmployeeId: string, limit: number, failedSince: Date): Promise<PlanningPerson[]>;
  /** People starting in [from, to] with no onboarding nudges yet. */
  newStartersWithoutOnboarding(from: string, to: string, limit: number): Promise<PlanningPerson[]>;
  /** A manager's open reminders due on each date in [from, to]. */
  openNudgesByDay(managerEmail: string, from: string, to: string): Promise<Map<string, number>>;
  /** Creates nudges; ones that already exist (same person and step, or an open wellbeing one) are left alone. */
  createNudges(nudges: readonly NewNudge[], now: Date): Promise<number>;
}

export interface PlanDeps {
  readonly nudges: PlanningStore;
  readonly holidays: HolidayCalendar;
  readonly defaultCadenceWeeks?: number;
}

/**
 * When a nudge due on `dueDate` may go: the manager's first working moment on
 * or after that day (and, when given, not before `notBefore`).
 */
export function sendAfterFor(dueDate: string, window: DeliveryWindow, holidays: HolidayCalendar, notBefore?: Date): Date {
  const startOfDue = DateTime.fromISO(dueDate, { zone: window.timeZone }).startOf('day').toJSDate();
  const from = notBefore && notBefore > startOfDue ? notBefore : startOfDue;
  // A window that never opens still needs a time; the nudge then waits a year and is visible to HR.
  return nextDeliveryTime(from, window, holidays) ?? DateTime.fromJSDate(from).plus({ years: 1 }).toJSDate();
}

/** People planned between turns of the event loop (a few milliseconds of date arithmetic). */
const YIELD_EVERY = 100;

/** After a nudge fails for good, its person gets a new one no sooner than this. */
const FAILED_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Makes sure every person in post has their next wellbeing nudge. Pages
 * through the roster so a large trust does not load everyone at once. People
 * with no conversation recorded whose first one is long due (the first round
 * after an import) are spread over their manager's cadence, a few a day.
 */
export async function planWellbeingNudges(deps: PlanDeps, now: Date): Promise<number> {
  const managers = new Map<string, { window: DeliveryWindow; cadence: number; today: string; start: string }>();
  const firstRound = new Map<string, string[]>();
  let after = '';
  let created = 0;
  let planned = 0;
  for (;;) {
    const people = await deps.nudges.peopleWithoutOpenWellbeing(after, 1000, new Date(now.getTime() - FAILED_RETRY_AFTER_MS));
    if (people.length === 0) break;
    const batch: NewNudge[] = [];
    for (const p of people) {
      // After a large import this pass plans for everyone: let the event loop answer requests as it goes.
      if (++planned % YIELD_EVERY === 0) await nextTurn();
      let m = managers.get(p.managerEmail);
      if (!m) {
        const manager = await deps.nudges.getManager(p.managerEmail);
        const window = manager?.window ?? DEFAULT_WINDOW;
        m = {
          window,
          cadence: cadenceWeeksFor(manager?.cadenceWeeks, deps.defaultCadenceWeeks),
          today: todayFor(now, window.timeZone),
          start: firstRoundStart(now, window, deps.holidays),
        };
        managers.set(p.managerEmail, m);
      }
      const dueDate = wellbeingDueDate(p.lastWellbeingOn, p.startDate, m.cadence);
      if (isFirstRound(p.lastWellbeingOn, dueDate, m.today)) {
        const team = firstRound.get(p.managerEmail);
        if (team) team.push(p.employeeId);
        else firstRound.set(p.managerEmail, [p.employeeId]);
        continue;
      }
      batch.push({ kind: 'wellbeing', employeeId: p.employeeId, managerEmail: p.managerEmail, stepId: undefined, dueDate, sendAfter: sendAfterFor(dueDate, m.window, deps.holidays) });
    }
    created += await deps.nudges.createNudges(batch, now);
    after = people[people.length - 1]!.employeeId;
  }
  for (const [email, employeeIds] of firstRound) {
    await nextTurn();
    const m = managers.get(email)!;
    // What the manager already has due (other reports, onboarding) counts towards each day's digest.
    const busy = await deps.nudges.openNudgesByDay(email, m.start, addDays(m.start, m.cadence * 7 + 90));
    const dates = spreadFirstRound({ employeeIds, start: m.start, cadenceWeeks: m.cadence, window: m.window, holidays: deps.holidays, busy });
    created += await deps.nudges.createNudges(
      employeeIds.map((employeeId) => {
        const dueDate = dates.get(employeeId)!;
        return { kind: 'wellbeing', employeeId, managerEmail: email, stepId: undefined, dueDate, sendAfter: sendAfterFor(dueDate, m.window, deps.holidays) };
      }),
      now,
    );
  }
  return created;
}

/** Onboarding check-ins for one new starter: every step of the plan that is not already past. */
export async function planOnboarding(
  deps: { readonly nudges: Pick<PlanningStore, 'getManager' | 'createNudges'>; readonly holidays: HolidayCalendar },
  person: { employeeId: string; managerEmail: string; startDate: string },
  plan: Plan,
  now: Date,
): Promise<number> {
  const window = (await deps.nudges.getManager(person.managerEmail))?.window ?? DEFAULT_WINDOW;
  const steps = onboardingCheckIns(person.startDate, plan, todayFor(now, window.timeZone), window, deps.holidays).ahead;
  return deps.nudges.createNudges(
    steps.map((s) => ({ kind: 'onboarding', employeeId: person.employeeId, managerEmail: person.managerEmail, stepId: s.stepId, dueDate: s.dueDate, sendAfter: sendAfterFor(s.dueDate, window, deps.holidays) })),
    now,
  );
}

/**
 * Onboarding check-ins for everyone who starts within the next six months or
 * started in the last 90 days (by the trust's date) and has none yet (a roster import or a manager
 * adding a starter). Steps already past are not created.
 */
export async function planNewStarters(deps: PlanDeps, plan: Plan | undefined, now: Date): Promise<number> {
  if (!plan) return 0;
  const { from, to } = newStarterStartDates(todayFor(now));
  let created = 0;
  for (;;) {
    const starters = await deps.nudges.newStartersWithoutOnboarding(from, to, 500);
    let made = 0;
    for (const p of starters) {
      made += await planOnboarding(deps, p, plan, now);
    }
    created += made;
    // Starters whose every step is already past get nothing, so stop when a page creates nothing.
    if (starters.length < 500 || made === 0) return created;
  }
}
