import type { Plan } from '../content/types.js';
import { AppError } from '../errors.js';
import { DEFAULT_WINDOW, type Manager } from '../domain/manager.js';
import type { NewNudge, Nudge } from '../domain/nudge.js';
import type { Person } from '../domain/people.js';
import { sendAfterFor } from './plan-nudges.js';
import { recordNudgeOutcome, type OutcomeDeps, type OutcomeStore } from './record-outcome.js';
import { cadenceWeeksFor, todayFor, wellbeingDueDate } from './schedule.js';

/**
 * The My team view: a manager's own reports with their last wellbeing
 * conversation, when the next is due and how onboarding is going. Every
 * question is asked as one manager (by email), and a report who is not theirs
 * is refused, never shown.
 */
export interface TeamStore extends OutcomeStore {
  /** A manager's reports still in post, with their open wellbeing nudges and all their onboarding nudges. */
  teamOf(managerEmail: string): Promise<{ people: Person[]; nudges: Nudge[] }>;
  openWellbeingNudge(employeeId: string): Promise<Nudge | undefined>;
  createNudges(nudges: readonly NewNudge[], now: Date): Promise<number>;
  managerByAadObjectId(aadObjectId: string): Promise<Manager | undefined>;
}

export interface TeamDeps extends OutcomeDeps {
  readonly nudges: TeamStore;
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
  nudges: Pick<TeamStore, 'managerByAadObjectId'>,
  identity: { userId: string; email?: string | undefined; tenantId?: string | undefined; dev?: boolean },
): Promise<string | undefined> {
  const installed = await nudges.managerByAadObjectId(identity.userId);
  if (installed) {
    const tenant = tenantOf(installed.conversation);
    return tenant && tenant !== identity.tenantId ? undefined : installed.email;
  }
  return identity.dev ? identity.email?.toLowerCase() : undefined;
}

/** The tenant of the conversation the bot was installed in, from its stored reference. */
function tenantOf(reference: unknown): string | undefined {
  const tenantId = (reference as { conversation?: { tenantId?: unknown } } | undefined)?.conversation?.tenantId;
  return typeof tenantId === 'string' && tenantId !== '' ? tenantId : undefined;
}

/** Today's date where the manager is: the tab's "held on" date defaults to it and may not pass it. */
export async function managerToday(deps: Pick<TeamDeps, 'nudges' | 'clock'>, managerEmail: string): Promise<string> {
  return todayFor(deps.clock.now(), (await deps.nudges.getManager(managerEmail))?.window.timeZone);
}

export async function teamOverview(deps: TeamDeps, managerEmail: string): Promise<ReportView[]> {
  const [{ people, nudges }, manager] = await Promise.all([deps.nudges.teamOf(managerEmail), deps.nudges.getManager(managerEmail)]);
  const today = todayFor(deps.clock.now(), manager?.window.timeZone);
  const cadence = cadenceWeeksFor(manager?.cadenceWeeks, deps.defaultCadenceWeeks);
  const byPerson = new Map<string, Nudge[]>();
  for (const n of nudges) byPerson.set(n.employeeId, [...(byPerson.get(n.employeeId) ?? []), n]);
  return people.map((p) => {
    const own = byPerson.get(p.employeeId) ?? [];
    const open = own.find((n) => n.kind === 'wellbeing');
    const due = open?.dueDate ?? wellbeingDueDate(p.lastWellbeingOn, p.startDate, cadence);
    return {
      employeeId: p.employeeId,
      name: p.displayName,
      jobTitle: p.jobTitle ?? null,
      department: p.department ?? null,
      startDate: p.startDate,
      lastWellbeingOn: p.lastWellbeingOn ?? null,
      nextWellbeing: { dueDate: due, overdue: due < today },
      onboarding: onboardingProgress(own.filter((n) => n.kind === 'onboarding'), deps.onboardingPlan, today),
    };
  });
}

function onboardingProgress(rows: readonly Nudge[], plan: Plan | undefined, today: string): OnboardingProgress | null {
  if (rows.length === 0) return null;
  // A snoozed check-in is closed and planned again as a new row for the same step: one check-in, not two.
  const byStep = new Map<string, Nudge[]>();
  for (const n of rows) byStep.set(n.stepId ?? n.id, [...(byStep.get(n.stepId ?? n.id) ?? []), n]);
  let held = 0;
  let skipped = 0;
  const open: Nudge[] = [];
  for (const step of byStep.values()) {
    if (step.some((n) => n.outcome?.kind === 'held')) held++;
    else if (step.some((n) => n.outcome?.kind === 'skipped')) skipped++;
    else open.push(step.find((n) => !n.outcome) ?? step[step.length - 1]!);
  }
  const next = open.sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
  const title = (n: Nudge) => plan?.steps.find((s) => s.id === n.stepId)?.title ?? 'Onboarding check-in';
  return {
    held,
    skipped,
    total: byStep.size,
    next: next ? { title: title(next), dueDate: next.dueDate, overdue: next.dueDate < today } : null,
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
    const window = (await deps.nudges.getManager(managerEmail))?.window ?? DEFAULT_WINDOW;
    const dueDate = report.nextWellbeing.dueDate;
    await deps.nudges.createNudges([{ kind: 'wellbeing', employeeId, managerEmail, stepId: undefined, dueDate, sendAfter: sendAfterFor(dueDate, window, deps.holidays) }], deps.clock.now());
    nudge = await deps.nudges.openWellbeingNudge(employeeId);
    if (!nudge) throw new AppError('INTERNAL', 'could not plan a wellbeing conversation');
  }
  const recorded = await recordNudgeOutcome(deps, managerEmail, nudge.id, { kind: 'held', on });
  return { report: await reportOf(deps, managerEmail, employeeId), nextDueDate: recorded.nextDueDate };
}
