import type { Clock } from '../clock.js';
import type { Plan } from '../content/types.js';
import { AppError } from '../errors.js';
import { DEFAULT_WINDOW } from '../domain/manager.js';
import { CHAT_EMPLOYEE_PREFIX, type Person, type RosterRow } from '../domain/people.js';
import type { HolidayCalendar } from './delivery-window.js';
import { planOnboarding, type PlanningStore } from './plan-nudges.js';
import { addDays, onboardingCheckIns, STARTED_WITHIN_DAYS, todayFor } from './schedule.js';

export interface NewStarterDeps {
  readonly store: { addPerson(row: RosterRow, now: Date): Promise<{ created: boolean; person: Person }> };
  readonly nudges: Pick<PlanningStore, 'getManager' | 'createNudges'>;
  readonly clock: Clock;
  readonly holidays: HolidayCalendar;
}

export interface NewStarter {
  readonly name: string;
  readonly startDate: string;
  readonly jobTitle: string;
  readonly email: string | undefined;
}

export interface AddedStarter {
  readonly person: Person;
  /** False when this form was already submitted: nothing new was created. */
  readonly created: boolean;
  /** The onboarding check-ins still ahead, in date order, each on a working day of the manager. */
  readonly checkIns: readonly { readonly stepId: string; readonly dueDate: string }[];
  /** Check-ins whose date had already passed (a starter added after they started): no reminder, and the card says so. */
  readonly missed: readonly { readonly stepId: string; readonly dueDate: string }[];
}

export const STARTS_WITHIN_DAYS = 365;

/**
 * A manager adds a new starter in chat: the person joins the roster under
 * that manager and their onboarding check-ins are planned at once. The form's
 * id makes the employee id, so a form submitted twice adds one person.
 */
export async function addNewStarter(deps: NewStarterDeps, managerEmail: string, formId: string, starter: NewStarter, plan: Plan | undefined): Promise<AddedStarter> {
  const now = deps.clock.now();
  const manager = await deps.nudges.getManager(managerEmail);
  const window = manager?.window ?? DEFAULT_WINDOW;
  const today = todayFor(now, window.timeZone);
  const problems: string[] = [];
  if (starter.startDate < addDays(today, -STARTED_WITHIN_DAYS)) problems.push(`Start date: the onboarding plan covers people who started in the last ${STARTED_WITHIN_DAYS} days; choose a later date.`);
  if (starter.startDate > addDays(today, STARTS_WITHIN_DAYS)) problems.push('Start date: choose a date within the next year.');
  if (starter.email && starter.email === managerEmail.toLowerCase()) problems.push('Work email: that is your own address; enter the new starter\'s, or leave it empty.');
  if (problems.length) throw new AppError('VALIDATION', 'the new starter was not added', problems);

  const { created, person } = await deps.store.addPerson(
    {
      employeeId: `${CHAT_EMPLOYEE_PREFIX}${formId}`,
      displayName: starter.name,
      email: starter.email,
      managerEmail,
      startDate: starter.startDate,
      endDate: undefined,
      department: undefined,
      jobTitle: starter.jobTitle,
    },
    now,
  );
  // The form id comes from the client: an id another manager's form created is not this manager's to touch.
  if (person.managerEmail !== managerEmail) throw new AppError('FORBIDDEN', "that new starter belongs to another manager's team");
  if (plan) await planOnboarding({ nudges: deps.nudges, holidays: deps.holidays }, { employeeId: person.employeeId, managerEmail, startDate: person.startDate }, plan, now);
  const { ahead, missed } = plan ? onboardingCheckIns(person.startDate, plan, today, window, deps.holidays) : { ahead: [], missed: [] };
  return { person, created, checkIns: ahead, missed };
}
