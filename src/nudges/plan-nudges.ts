import { setImmediate as nextTurn } from 'node:timers/promises';
import { DateTime } from 'luxon';
import type { Plan } from '../content/types.js';
import type { ManagerRow, NewNudge, NudgeStore } from '../store/nudge-store.js';
import { nextDeliveryTime, type HolidayCalendar } from './delivery-window.js';
import { firstRoundStart, isFirstRound, spreadFirstRound } from './first-round.js';
import { windowFor } from './manager-window.js';
import { addDays, cadenceWeeksFor, newStarterStartDates, onboardingCheckIns, todayFor, wellbeingDueDate } from './schedule.js';

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
  const managers = new Map<string, { row: ManagerRow | undefined; cadence: number; today: string; start: string }>();
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
      let m = managers.get(p.manager_email);
      if (!m) {
        const row = await deps.nudges.getManager(p.manager_email);
        const window = windowFor(row);
        m = {
          row,
          cadence: cadenceWeeksFor(row?.cadence_weeks, deps.defaultCadenceWeeks),
          today: todayFor(now, window.timeZone),
          start: firstRoundStart(now, window, deps.holidays),
        };
        managers.set(p.manager_email, m);
      }
      const dueDate = wellbeingDueDate(p.last_wellbeing_on, p.start_date, m.cadence);
      if (isFirstRound(p.last_wellbeing_on, dueDate, m.today)) {
        const team = firstRound.get(p.manager_email);
        if (team) team.push(p.employee_id);
        else firstRound.set(p.manager_email, [p.employee_id]);
        continue;
      }
      batch.push({ kind: 'wellbeing', employeeId: p.employee_id, managerEmail: p.manager_email, stepId: undefined, dueDate, sendAfter: sendAfterFor(dueDate, m.row, deps.holidays) });
    }
    created += await deps.nudges.createNudges(batch, now);
    after = people[people.length - 1]!.employee_id;
  }
  for (const [email, employeeIds] of firstRound) {
    await nextTurn();
    const m = managers.get(email)!;
    // What the manager already has due (other reports, onboarding) counts towards each day's digest.
    const busy = await deps.nudges.openNudgesByDay(email, m.start, addDays(m.start, m.cadence * 7 + 90));
    const dates = spreadFirstRound({ employeeIds, start: m.start, cadenceWeeks: m.cadence, window: windowFor(m.row), holidays: deps.holidays, busy });
    created += await deps.nudges.createNudges(
      employeeIds.map((employeeId) => {
        const dueDate = dates.get(employeeId)!;
        return { kind: 'wellbeing', employeeId, managerEmail: email, stepId: undefined, dueDate, sendAfter: sendAfterFor(dueDate, m.row, deps.holidays) };
      }),
      now,
    );
  }
  return created;
}

/** Onboarding check-ins for one new starter: every step of the plan that is not already past. */
export async function planOnboarding(
  deps: PlanDeps,
  person: { employeeId: string; managerEmail: string; startDate: string },
  plan: Plan,
  now: Date,
): Promise<number> {
  const manager = await deps.nudges.getManager(person.managerEmail);
  const window = windowFor(manager);
  const steps = onboardingCheckIns(person.startDate, plan, todayFor(now, window.timeZone), window, deps.holidays).ahead;
  return deps.nudges.createNudges(
    steps.map((s) => ({ kind: 'onboarding', employeeId: person.employeeId, managerEmail: person.managerEmail, stepId: s.stepId, dueDate: s.dueDate, sendAfter: sendAfterFor(s.dueDate, manager, deps.holidays) })),
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
      made += await planOnboarding(deps, { employeeId: p.employee_id, managerEmail: p.manager_email, startDate: p.start_date }, plan, now);
    }
    created += made;
    // Starters whose every step is already past get nothing, so stop when a page creates nothing.
    if (starters.length < 500 || made === 0) return created;
  }
}
