import './my-team.css';
import { byId, formatDate, h, show } from '../common/dom.js';
import { showError, startTab, type TabSession } from '../common/tab.js';

/**
 * My team: the signed-in manager's own reports, each with their last
 * wellbeing conversation, when the next is due and onboarding progress, and
 * a way to mark a conversation held. The service decides whose reports these
 * are from the sign-in token; the page never names a manager.
 */
interface Report {
  employeeId: string;
  name: string;
  jobTitle: string | null;
  department: string | null;
  startDate: string;
  lastWellbeingOn: string | null;
  nextWellbeing: { dueDate: string; overdue: boolean };
  onboarding: { held: number; skipped: number; total: number; next: { title: string; dueDate: string; overdue: boolean } | null } | null;
}
interface Team {
  manager: { email: string; name: string | null };
  today: string;
  reports: Report[];
}

const app = byId('app');
const status = byId('status');

const session = await startTab({ title: 'My team', signIn: true }).catch((err: unknown) => {
  showError(err);
  return undefined;
});
if (session) await showTeam(session).catch(showError);

async function showTeam(s: TabSession): Promise<void> {
  const team = await s.api<Team>('/api/team');
  if (team.reports.length === 0) {
    show(
      app,
      h('p', {}, 'Nobody in the staff roster reports to you yet.'),
      h('p', { class: 'meta' }, `We look for people whose manager is ${team.manager.email}. If that is wrong, or your team is missing, ask HR to update the staff roster.`),
    );
    show(status);
    return;
  }
  const list = h('ul', { class: 'reports', 'aria-label': 'Your reports' });
  for (const r of team.reports) list.append(h('li', {}, reportCard(s, r, team.today)));
  show(app, h('p', {}, `${team.reports.length} ${team.reports.length === 1 ? 'person reports' : 'people report'} to you.`), list);
  show(status);
}

function due(dateIso: string, overdue: boolean): (string | HTMLElement)[] {
  return overdue ? [formatDate(dateIso), ' ', h('span', { class: 'overdue' }, '(overdue)')] : [formatDate(dateIso)];
}

/** Held and skipped are said apart: a skipped check-in is closed, but it did not happen. */
function onboardingCounts(o: NonNullable<Report['onboarding']>): string {
  const toCome = o.total - o.held - o.skipped;
  const parts = [o.held ? `${o.held} held` : 'none held', ...(o.skipped ? [`${o.skipped} skipped`] : []), ...(toCome ? [`${toCome} to come`] : [])];
  return `${o.total} ${o.total === 1 ? 'check-in' : 'check-ins'}: ${parts.join(', ')}`;
}

function reportCard(s: TabSession, r: Report, today: string): HTMLElement {
  const headingId = `report-${r.employeeId}`;
  const rows: [string, (string | HTMLElement)[]][] = [
    ['Last wellbeing conversation', [r.lastWellbeingOn ? formatDate(r.lastWellbeingOn) : 'None recorded yet']],
    ['Next one due', due(r.nextWellbeing.dueDate, r.nextWellbeing.overdue)],
  ];
  if (r.onboarding) {
    const next = r.onboarding.next;
    rows.push(['Onboarding', [onboardingCounts(r.onboarding), ...(next ? ['; next: ', `${next.title}, `, ...due(next.dueDate, next.overdue)] : [])]]);
  }
  const heldButton = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, 'Mark a wellbeing conversation as held');
  const card = h(
    'article',
    { class: 'card report', 'aria-labelledby': headingId, 'data-employee-id': r.employeeId },
    h('h2', { id: headingId }, r.name),
    r.jobTitle || r.department ? h('p', { class: 'meta' }, [r.jobTitle, r.department].filter(Boolean).join(', ')) : null,
    h('dl', {}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, ...value)]).flat()),
    heldButton,
  );
  heldButton.addEventListener('click', () => {
    heldButton.setAttribute('aria-expanded', 'true');
    heldButton.hidden = true;
    card.append(heldForm(s, r, today, card, heldButton));
    card.querySelector<HTMLInputElement>('input[type=date]')?.focus();
  });
  return card;
}

function heldForm(s: TabSession, r: Report, today: string, card: HTMLElement, opener: HTMLButtonElement): HTMLFormElement {
  const inputId = `held-on-${r.employeeId}`;
  const input = h('input', { id: inputId, type: 'date', name: 'on', value: today, max: today, min: r.startDate, required: true });
  const save = h('button', { type: 'submit' }, 'Save');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const form = h(
    'form',
    { class: 'held-form', 'aria-label': `Wellbeing conversation with ${r.name}` },
    h('div', { class: 'field' }, h('label', { for: inputId }, 'Date held'), input),
    save,
    cancel,
  );
  const close = () => {
    form.remove();
    opener.hidden = false;
    opener.setAttribute('aria-expanded', 'false');
    opener.focus();
  };
  cancel.addEventListener('click', close);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save.disabled = true;
    try {
      const result = await s.api<{ report: Report; nextDueDate?: string }>(`/api/team/reports/${encodeURIComponent(r.employeeId)}/wellbeing-held`, {
        method: 'POST',
        body: { on: input.value },
      });
      const fresh = reportCard(s, result.report, today);
      card.replaceWith(fresh);
      const next = result.nextDueDate ? ` The next one is due around ${formatDate(result.nextDueDate)}.` : '';
      const message = `Saved: wellbeing conversation with ${r.name} held on ${formatDate(input.value)}.${next}`;
      fresh.append(h('p', { class: 'done' }, message));
      show(status, message);
      fresh.querySelector<HTMLButtonElement>('button')?.focus();
    } catch (err) {
      save.disabled = false;
      showError(err);
    }
  });
  return form;
}
