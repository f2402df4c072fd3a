import type { Plan } from '../content/types.js';
import { AppError } from '../errors.js';
import type { NudgeRow, NudgeStore } from '../store/nudge-store.js';
import { sendAfterFor } from './plan-nudges.js';
import { recordNudgeOutcome, type OutcomeDeps } from './record-outcome.js';
import { cadenceWeeksFor, todayFor, wellbeingDueDate } from './schedule.js';

/**
 * The My team view: a manager's own reports with their last wellbeing
 * conversation, when the next is due and how onboarding is going. Every
 * question is asked as one manager (by email), and a report who is not theirs
 * is refused, never shown.
 */
export interface TeamDeps extends OutcomeDeps {
  readonly onboardingPlan: Plan | undefined;
}

export interface ReportView {
  readonly employeeId: string;
  readonly name: string;
  readonly jobTitle: string | null;
  readonly department: string | null;
  readonly startDate: string;
  readonly lastWellbeingOn: string | null;
  readonly nextWellbeing: { readonly dueDate: string; readonly overdue: boolean };
  /** Only for people with onboarding check-ins planned (new starters). */
  readonly onboarding: OnboardingProgress | null;
}

export interface OnboardingProgress {
  /** Check-ins marked held, out of those planned. */
  readonly held: number;
  /** Check-ins the manager skipped: closed, but not held. */
  readonly skipped: number;
  /** Check-ins planned, each counted once however often it was snoozed. */
  readonly total: number;
  readonly next: { readonly title: string; readonly dueDate: string; readonly overdue: boolean } | null;
}

export const NOT_YOUR_REPORT = 'You can only see and update people who report to you.';

/**
 * Which manager a signed-in person is: the Teams account the bot linked at
 * install, by Entra object id (and tenant). That link is the verified path to
 * an email: Teams itself gave the bot the member's address. A token's own
 * email claims can be changed by users or other tenants, so they are trusted
 * only from the development sign-in (local mode, where anyone may be anyone).
 */
export async function managerEmailFor(
  nudges: Pick<NudgeStore, 'managerByAadObjectId'>,
  identity: { userId: string; email?: string | undefined; tenantId?: string | undefined; dev?: boolean },
): Promise<string | undefined> {
  const installed = await nudges.managerByAadObjectId(identity.userId);
  if (installed) {
    const tenant = tenantOf(installed.conversation_reference);
    return tenant && tenant !== identity.tenantId ? undefined : installed.email;
  }
  return identity.dev ? identity.email?.toLowerCase() : undefined;
}

/** The tenant of the conversation the bot was installed in, from its stored reference. */
function tenantOf(reference: string | null): string | undefined {
  try {
    const tenantId = (JSON.parse(reference ?? 'null') as { conversation?: { tenantId?: unknown } } | null)?.conversation?.tenantId;
    return typeof tenantId === 'string' && tenantId !== '' ? tenantId : undefined;
  } catch {
    return undefined;
  }
}

/** Today's date where the manager is: the tab's "held on" date defaults to it and may not pass it. */
export async function managerToday(deps: Pick<TeamDeps, 'nudges' | 'clock'>, managerEmail: string): Promise<string> {
  return todayFor(deps.clock.now(), (await deps.nudges.getManager(managerEmail))?.time_zone);
}

export async function teamOverview(deps: TeamDeps, managerEmail: string): Promise<ReportView[]> {
  const [{ people, nudges }, manager] = await Promise.all([deps.nudges.teamOf(managerEmail), deps.nudges.getManager(managerEmail)]);
  const today = todayFor(deps.clock.now(), manager?.time_zone);
  const cadence = cadenceWeeksFor(manager?.cadence_weeks, deps.defaultCadenceWeeks);
  const byPerson = new Map<string, NudgeRow[]>();
  for (const n of nudges) byPerson.set(n.employee_id, [...(byPerson.get(n.employee_id) ?? []), n]);
  return people.map((p) => {
    const own = byPerson.get(p.employee_id) ?? [];
    const open = own.find((n) => n.kind === 'wellbeing');
    const due = open?.due_date ?? wellbeingDueDate(p.last_wellbeing_on, p.start_date, cadence);
    return {
      employeeId: p.employee_id,
      name: p.display_name,
      jobTitle: p.job_title,
      department: p.department,
      startDate: p.start_date,
      lastWellbeingOn: p.last_wellbeing_on,
      nextWellbeing: { dueDate: due, overdue: due < today },
      onboarding: onboardingProgress(own.filter((n) => n.kind === 'onboarding'), deps.onboardingPlan, today),
    };
  });
}

function onboardingProgress(rows: readonly NudgeRow[], plan: Plan | undefined, today: string): OnboardingProgress | null {
  if (rows.length === 0) return null;
  // A snoozed check-in is closed and planned again as a new row for the same step: one check-in, not two.
  const byStep = new Map<string, NudgeRow[]>();
  for (const n of rows) byStep.set(n.step_id ?? n.id, [...(byStep.get(n.step_id ?? n.id) ?? []), n]);
  let held = 0;
  let skipped = 0;
  const open: NudgeRow[] = [];
  for (const step of byStep.values()) {
    if (step.some((n) => n.outcome === 'held')) held++;
    else if (step.some((n) => n.outcome === 'skipped')) skipped++;
    else open.push(step.find((n) => n.outcome === null) ?? step[step.length - 1]!);
  }
  const next = open.sort((a, b) => a.due_date.localeCompare(b.due_date))[0];
  const title = (n: NudgeRow) => plan?.steps.find((s) => s.id === n.step_id)?.title ?? 'Onboarding check-in';
  return {
    held,
    skipped,
    total: byStep.size,
    next: next ? { title: title(next), dueDate: next.due_date, overdue: next.due_date < today } : null,
  };
}

export async function reportOf(deps: TeamDeps, managerEmail: string, employeeId: string): Promise<ReportView> {
  const report = (await teamOverview(deps, managerEmail)).find((r) => r.employeeId === employeeId);
  // Someone else's report and no such person look the same: nothing about them is revealed.
  if (!report) throw new AppError('FORBIDDEN', NOT_YOUR_REPORT);
  return report;
}

/**
 * A manager records, from the tab, that they held a wellbeing conversation:
 * the same use-case as the nudge card's Mark as held, on the report's open
 * wellbeing nudge (planned now if the planner has not reached them yet).
 */
export async function recordConversationHeld(deps: TeamDeps, managerEmail: string, employeeId: string, on: string): Promise<{ report: ReportView; nextDueDate: string | undefined }> {
  const report = await reportOf(deps, managerEmail, employeeId);
  let nudge = await deps.nudges.openWellbeingNudge(employeeId);
  if (!nudge) {
    const manager = await deps.nudges.getManager(managerEmail);
    const dueDate = report.nextWellbeing.dueDate;
    await deps.nudges.createNudges([{ kind: 'wellbeing', employeeId, managerEmail, stepId: undefined, dueDate, sendAfter: sendAfterFor(dueDate, manager, deps.holidays) }], deps.clock.now());
    nudge = await deps.nudges.openWellbeingNudge(employeeId);
    if (!nudge) throw new AppError('INTERNAL', 'could not plan a wellbeing conversation');
  }
  const recorded = await recordNudgeOutcome(deps, managerEmail, nudge.id, { kind: 'held', on });
  return { report: await reportOf(deps, managerEmail, employeeId), nextDueDate: recorded.nextDueDate };
}
