import { h } from '../../common/dom.js';
import type { Dashboard, HrQuestionFigures } from '../admin-api.js';
import { chartFigure, type ChartSpec } from '../charts.js';
import type { ViewContext } from '../view.js';

const PERIODS = [4, 12, 26, 52];
const TOP = 10;

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : 'none');

function weekLabel(week: string): string {
  const date = new Date(week);
  return /^\d{4}-\d{2}-\d{2}/.test(week) && !Number.isNaN(date.getTime()) ? `w/c ${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}` : week;
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

/**
 * What the wellbeing chart shows, in words. Small groups are never shown, so when figures are
 * withheld the sentence says so, why, and for how many people, rather than counting nothing.
 */
export function nudgeSummary(d: Dashboard, held: number, onTime: number): string {
  const min = d.minGroupSize;
  const withheld = d.withheldPeople ?? 0;
  const rule = `Figures are withheld until a group has at least ${min} people, so that no one can be picked out.`;
  const groups = d.nudgesByDepartment.length;
  if (groups === 0) {
    if (!withheld) return 'No wellbeing nudges were answered in this period.';
    return `${rule} The figures for ${people(withheld)} are withheld: their departments, even counted together as "Other", have fewer than ${min} people.`;
  }
  const shown = `${held} ${held === 1 ? 'conversation' : 'conversations'} held${held ? `, ${percent(onTime, held)} of them on time,` : ''} in the ${groups === 1 ? 'one group' : `${groups} groups`} shown. Departments with fewer than ${min} people are counted together as "Other".`;
  return withheld ? `${shown} ${rule} The figures for ${people(withheld)} are withheld, as "Other" has fewer than ${min} people.` : shown;
}

/** Turns the dashboard figures into chart specifications, each with its summary sentence. */
export function dashboardCharts(d: Dashboard, weeks: number): ChartSpec[] {
  const answered = sum(d.questionsPerWeek.map((w) => w.answer));
  const clarified = sum(d.questionsPerWeek.map((w) => w.clarify));
  const declined = sum(d.questionsPerWeek.map((w) => w.none));
  const asked = answered + clarified + declined;
  const helpfulness = [...d.helpfulness].sort((a, b) => b.helpful + b.notHelpful - (a.helpful + a.notHelpful)).slice(0, TOP);
  const topics = [...d.topTopics].sort((a, b) => b.count - a.count).slice(0, TOP);
  const departments = d.nudgesByDepartment;
  const nudgeSeries: [string, (x: Dashboard['nudgesByDepartment'][number]) => number][] = [
    ['Held on time', (x) => x.heldOnTime],
    ['Held late', (x) => x.heldLate],
    ['Snoozed', (x) => x.snoozed],
    ['Skipped: on leave', (x) => x.skipped.on_leave],
    ['Skipped: left the team', (x) => x.skipped.left_team],
    ['Skipped: other reason', (x) => x.skipped.other],
    ['Could not be delivered', (x) => x.undeliverable],
  ];
  const held = sum(departments.map((x) => x.heldOnTime + x.heldLate));
  const onTime = sum(departments.map((x) => x.heldOnTime));
  const { checkInsDue, checkInsCompleted } = d.onboarding;
  const topTopic = topics[0];
  const leastHelpful = [...helpfulness].sort((a, b) => b.notHelpful - a.notHelpful)[0];

  return [
    {
      id: 'chart-questions-per-week',
      title: 'Questions per week',
      summary: `${asked} questions in the last ${weeks} weeks: ${answered} answered, ${clarified} clarified (the assistant asked which topic was meant) and ${declined} declined.`,
      categoryHeader: 'Week',
      categories: d.questionsPerWeek.map((w) => weekLabel(w.week)),
      series: [
        { label: 'Answered', values: d.questionsPerWeek.map((w) => w.answer) },
        { label: 'Clarified', values: d.questionsPerWeek.map((w) => w.clarify) },
        { label: 'Declined', values: d.questionsPerWeek.map((w) => w.none) },
      ],
      stacked: true,
    },
    {
      id: 'chart-outcomes',
      title: 'Answered, clarified and declined',
      summary: asked ? `${percent(answered, asked)} answered, ${percent(clarified, asked)} clarified and ${percent(declined, asked)} declined.` : 'No questions in this period.',
      categoryHeader: 'Outcome',
      categories: ['Answered', 'Clarified', 'Declined'],
      series: [{ label: 'Questions', values: [answered, clarified, declined] }],
    },
    {
      id: 'chart-helpfulness',
      title: 'Helpfulness by document',
      summary: helpfulness.length
        ? `Feedback on the ${helpfulness.length === 1 ? 'one document' : `${helpfulness.length} documents`} with the most answers. ${leastHelpful && leastHelpful.notHelpful ? `Most "not helpful": ${leastHelpful.title} (${leastHelpful.notHelpful}).` : 'No "not helpful" answers.'}`
        : 'No feedback in this period.',
      categoryHeader: 'Document',
      categories: helpfulness.map((x) => x.title),
      series: [
        { label: 'Helpful', values: helpfulness.map((x) => x.helpful) },
        { label: 'Not helpful', values: helpfulness.map((x) => x.notHelpful) },
      ],
      stacked: true,
      horizontal: true,
    },
    {
      id: 'chart-top-topics',
      title: 'Top topics',
      summary: topTopic ? `The most asked-about topic was ${topTopic.title} (${topTopic.count} answers).` : 'No answered questions in this period.',
      categoryHeader: 'Topic',
      categories: topics.map((x) => x.title),
      series: [{ label: 'Answers', values: topics.map((x) => x.count) }],
      horizontal: true,
    },
    {
      id: 'chart-nudges',
      title: 'Wellbeing nudges by department',
      summary: nudgeSummary(d, held, onTime),
      ...(departments.length === 0 && d.withheldPeople ? { emptyText: `Nothing to show until a group has at least ${d.minGroupSize} people.` } : {}),
      categoryHeader: 'Department',
      categories: departments.map((x) => x.department),
      series: nudgeSeries.map(([label, pick]) => ({ label, values: departments.map(pick) })),
      stacked: true,
      horizontal: true,
    },
    {
      id: 'chart-onboarding',
      title: 'Onboarding check-ins',
      summary: checkInsDue ? `${checkInsCompleted} of ${checkInsDue} check-ins due were completed (${percent(checkInsCompleted, checkInsDue)}).` : 'No onboarding check-ins were due in this period.',
      categoryHeader: 'Check-ins',
      categories: ['Due', 'Completed'],
      series: [{ label: 'Check-ins', values: [checkInsDue, checkInsCompleted] }],
    },
  ];
}

/** Questions, feedback and nudge figures as charts, each with a summary and a table of the figures. */
export async function dashboardView(ctx: ViewContext): Promise<HTMLElement> {
  const requested = Number(ctx.query.get('weeks'));
  const weeks = PERIODS.includes(requested) ? requested : 12;
  const [data, hrQuestions] = await Promise.all([ctx.api.dashboard(weeks), ctx.api.hrQuestionFigures(6)]);

  const period = h('select', { id: 'dashboard-weeks' }, PERIODS.map((n) => h('option', { value: n, selected: n === weeks }, `Last ${n} weeks`)));
  period.addEventListener('change', () => ctx.go(`#/dashboard?weeks=${period.value}`));

  return h(
    'section',
    { 'aria-labelledby': 'dashboard-title', class: 'dashboard' },
    h('h2', { id: 'dashboard-title', tabindex: '-1' }, 'Dashboard'),
    h('div', { class: 'field inline' }, h('label', { for: 'dashboard-weeks' }, 'Period'), period),
    h('p', { class: 'hint' }, `Figures are totals only. No person is named, and groups smaller than ${data.minGroupSize} are merged into "Other".`),
    h('div', { class: 'charts' }, dashboardCharts(data, weeks).map(chartFigure)),
    hrQuestionTable(hrQuestions),
  );
}

const hours = (h: number | null) => (h === null ? 'Withheld' : h < 48 ? `${h} hours` : `${Math.round(h / 24)} days`);

/** Questions to HR by month: counts, and median times when enough questions make them anonymous. */
function hrQuestionTable(f: HrQuestionFigures): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'dashboard-hrq' },
    h('h3', { id: 'dashboard-hrq' }, 'Questions to HR'),
    h('p', {}, `Now: ${f.counts.open} open, ${f.counts.assigned} assigned, ${f.counts.answered} answered and waiting for the manager, ${f.counts.closed} closed. Median times are withheld for a month with fewer than ${f.minGroupSize} questions answered or closed.`),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'stack' },
        h('caption', { class: 'visually-hidden' }, 'Questions to HR by month'),
        h('thead', {}, h('tr', {}, ['Month', 'Asked', 'Answered', 'Closed', 'Median time to first answer', 'Median time to close'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          f.months.map((m) =>
            h(
              'tr',
              {},
              h('td', { 'data-label': 'Month' }, new Date(`${m.month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })),
              h('td', { 'data-label': 'Asked', class: 'number' }, m.asked),
              h('td', { 'data-label': 'Answered', class: 'number' }, m.answered),
              h('td', { 'data-label': 'Closed', class: 'number' }, m.closed),
              h('td', { 'data-label': 'Median time to first answer' }, hours(m.medianHoursToFirstAnswer)),
              h('td', { 'data-label': 'Median time to close' }, hours(m.medianHoursToClose)),
            ),
          ),
        ),
      ),
    ),
  );
}
