import type { Clock } from '../clock.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { DepartmentNudgeCounts } from '../store/insights-store.js';
import type { Store } from '../store/store.js';

/** What HR sees on the dashboard: counts only, never who. */
export interface InsightsDeps {
  readonly store: Pick<Store, 'insights' | 'listUnanswered'>;
  readonly knowledge: Pick<KnowledgeBase, 'document'>;
  readonly clock: Clock;
  /** Departments with fewer people than this are merged into "other". */
  readonly minGroupSize: number;
}

export interface DepartmentFigures {
  readonly department: string;
  readonly heldOnTime: number;
  readonly heldLate: number;
  readonly snoozed: number;
  readonly skipped: { readonly on_leave: number; readonly left_team: number; readonly other: number };
  readonly undeliverable: number;
}

export const OTHER_DEPARTMENT = 'other';
const DAY_MS = 86_400_000;

/** Monday (YYYY-MM-DD, UTC) of the week holding `day`. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}

export async function dashboardFigures(deps: InsightsDeps, weeks: number) {
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const firstWeek = new Date(Date.parse(`${weekOf(today)}T00:00:00Z`) - (weeks - 1) * 7 * DAY_MS);
  const fromDate = firstWeek.toISOString().slice(0, 10);
  const title = (id: string) => deps.knowledge.document(id)?.title ?? id;

  const [byDay, answers, feedback, departments, onboarding] = await Promise.all([
    deps.store.insights.questionsByDay(firstWeek),
    deps.store.insights.answersByDocument(firstWeek, 10),
    deps.store.insights.feedbackCounts(),
    deps.store.insights.nudgesByDepartment(fromDate),
    deps.store.insights.onboardingCheckIns(fromDate, today),
  ]);

  const perWeek = new Map<string, { week: string; answer: number; clarify: number; none: number }>();
  for (let i = 0; i < weeks; i++) {
    const week = new Date(firstWeek.getTime() + i * 7 * DAY_MS).toISOString().slice(0, 10);
    perWeek.set(week, { week, answer: 0, clarify: 0, none: 0 });
  }
  for (const row of byDay) {
    const w = perWeek.get(weekOf(row.day));
    if (w) w[row.status] += row.n;
  }
  const merged = mergeSmallDepartments(departments, deps.minGroupSize);
  return {
    minGroupSize: deps.minGroupSize,
    from: fromDate,
    questionsPerWeek: [...perWeek.values()],
    helpfulness: feedback
      .map((f) => ({ id: f.docId, title: title(f.docId), helpful: f.helpful, notHelpful: f.notHelpful }))
      .sort((a, b) => b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || a.title.localeCompare(b.title)),
    topTopics: answers.map((a) => ({ id: a.docId, title: title(a.docId), count: a.n })),
    nudgesByDepartment: merged.departments,
    /** People whose figures are withheld because even "other" stayed below the minimum group size. */
    withheldPeople: merged.withheldPeople,
    onboarding: { checkInsDue: onboarding.due, checkInsCompleted: onboarding.completed },
  };
}

/**
 * Keeps departments of at least `minGroupSize` people; the rest are added up as
 * "other". If "other" is still too small to hide individuals, it is left out.
 */
export function mergeSmallDepartments(rows: readonly DepartmentNudgeCounts[], minGroupSize: number): { departments: DepartmentFigures[]; withheldPeople: number } {
  const figures = (department: string, r: DepartmentNudgeCounts): DepartmentFigures => ({
    department,
    heldOnTime: r.heldOnTime,
    heldLate: r.heldLate,
    snoozed: r.snoozed,
    skipped: { on_leave: r.skippedOnLeave, left_team: r.skippedLeftTeam, other: r.skippedOther },
    undeliverable: r.undeliverable,
  });
  const kept: DepartmentFigures[] = [];
  const small: DepartmentNudgeCounts[] = [];
  for (const r of rows) {
    // A department literally named "other" joins the merged group rather than sitting beside it.
    if (r.department && r.department.toLowerCase() !== OTHER_DEPARTMENT && r.people >= minGroupSize) kept.push(figures(r.department, r));
    else small.push(r);
  }
  kept.sort((a, b) => a.department.localeCompare(b.department));
  const sum = (key: keyof Omit<DepartmentNudgeCounts, 'department'>) => small.reduce((n, r) => n + r[key], 0);
  const otherPeople = sum('people');
  if (otherPeople === 0) return { departments: kept, withheldPeople: 0 };
  if (otherPeople < minGroupSize) return { departments: kept, withheldPeople: otherPeople };
  const other: DepartmentNudgeCounts = {
    department: OTHER_DEPARTMENT,
    people: otherPeople,
    heldOnTime: sum('heldOnTime'),
    heldLate: sum('heldLate'),
    snoozed: sum('snoozed'),
    skippedOnLeave: sum('skippedOnLeave'),
    skippedLeftTeam: sum('skippedLeftTeam'),
    skippedOther: sum('skippedOther'),
    undeliverable: sum('undeliverable'),
  };
  return { departments: [...kept, figures(OTHER_DEPARTMENT, other)], withheldPeople: 0 };
}

/** Feedback per document with its comments, most rated first. */
export async function feedbackByDocument(deps: Pick<InsightsDeps, 'store' | 'knowledge'>) {
  const [counts, comments] = await Promise.all([deps.store.insights.feedbackCounts(), deps.store.insights.feedbackComments(500)]);
  const byDoc = new Map<string, { text: string; at: string }[]>();
  for (const c of comments) {
    const list = byDoc.get(c.docId) ?? [];
    list.push({ text: c.text, at: c.at });
    byDoc.set(c.docId, list);
  }
  return counts
    .map((c) => ({ id: c.docId, title: deps.knowledge.document(c.docId)?.title ?? c.docId, helpful: c.helpful, notHelpful: c.notHelpful, comments: byDoc.get(c.docId) ?? [] }))
    .sort((a, b) => b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || a.title.localeCompare(b.title));
}

/** Questions nothing answered, most asked first. */
export async function unansweredQuestions(deps: Pick<InsightsDeps, 'store'>, limit: number) {
  return (await deps.store.listUnanswered(limit)).map((q) => ({ text: q.text, count: q.timesAsked, lastAskedAt: q.lastAskedAt }));
}
