import './admin.css';
import { byId, h, show } from '../common/dom.js';
import { ApiError, startTab } from '../common/tab.js';
import { adminApi } from './admin-api.js';
import { destroyCharts } from './charts.js';
import type { ViewContext } from './view.js';
import { auditView } from './views/audit.js';
import { dashboardView } from './views/dashboard.js';
import { documentsView } from './views/documents.js';
import { editorView } from './views/editor.js';
import { feedbackView } from './views/feedback.js';
import { historyView } from './views/history.js';
import { hrQuestionsView } from './views/hr-questions.js';
import { rosterView } from './views/roster.js';
import { unansweredView } from './views/unanswered.js';

/**
 * The HR admin tab ("HR admin" in the app): documents and their editor, history, unanswered
 * questions, feedback, roster upload and the dashboard. Views are addressed by the URL fragment
 * (#/documents/ID, #/documents/ID/history, #/dashboard?weeks=12) so links, the back button
 * and the keyboard work as on any web page.
 */
const SECTIONS = [
  { hash: '#/documents', label: 'Documents' },
  { hash: '#/unanswered', label: 'Unanswered questions' },
  { hash: '#/hr-questions', label: 'Questions to HR' },
  { hash: '#/feedback', label: 'Feedback' },
  { hash: '#/roster', label: 'Roster' },
  { hash: '#/dashboard', label: 'Dashboard' },
  { hash: '#/audit', label: 'Audit log' },
];

interface Route {
  section: string;
  render(ctx: ViewContext): Promise<HTMLElement>;
}

function route(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const [first, id, sub] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (first === 'documents' && id && sub === 'history') return { section: '#/documents', render: (ctx) => historyView(ctx, id) };
  if (first === 'documents' && id) return { section: '#/documents', render: (ctx) => editorView(ctx, id) };
  if (first === 'unanswered') return { section: '#/unanswered', render: unansweredView };
  if (first === 'hr-questions') return { section: '#/hr-questions', render: hrQuestionsView };
  if (first === 'feedback') return { section: '#/feedback', render: feedbackView };
  if (first === 'roster') return { section: '#/roster', render: rosterView };
  if (first === 'audit') return { section: '#/audit', render: auditView };
  if (first === 'dashboard') return { section: '#/dashboard', render: dashboardView };
  return { section: '#/documents', render: documentsView };
}

function failure(err: unknown): HTMLElement {
  if (err instanceof ApiError && err.status === 403) {
    return h(
      'section',
      { class: 'role-needed', 'aria-labelledby': 'role-title' },
      h('h2', { id: 'role-title', tabindex: '-1' }, 'You need the HR publisher role'),
      h('p', {}, 'This tab is for the HR team members who publish guidance. You need the HR publisher role to use it.'),
      h('p', {}, 'If you should have it, ask your Teams administrator to add you to the HR publishers group.'),
    );
  }
  if (err instanceof ApiError && err.status === 401) {
    return h('section', {}, h('h2', { tabindex: '-1' }, 'Please sign in again'), h('p', {}, 'Your sign-in has expired or was not accepted. Close and reopen the tab.'));
  }
  const message = err instanceof Error ? err.message : String(err);
  return h('section', {}, h('h2', { tabindex: '-1' }, 'Something went wrong'), h('p', { class: 'error' }, message), h('p', {}, 'Try again in a moment. If it keeps happening, tell your IT service desk.'));
}

const app = byId('app');
const nav = byId('nav');
const session = await startTab({ title: 'HR admin', signIn: true, devHrRole: true });
if (session) {
  const api = adminApi(session);
  const links = SECTIONS.map((s) => h('a', { href: s.hash }, s.label));
  show(nav, h('ul', {}, links.map((a) => h('li', {}, a))));

  let rendering = 0;
  const render = async (moveFocus: boolean) => {
    const current = ++rendering;
    const { section, render: draw } = route(location.hash);
    for (const a of links) {
      if (a.getAttribute('href') === section) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    app.setAttribute('aria-busy', 'true');
    destroyCharts();
    const ctx: ViewContext = {
      api,
      query: new URLSearchParams(location.hash.split('?')[1] ?? ''),
      go: (hash) => {
        location.hash = hash;
      },
      refresh: () => void render(false),
    };
    let view: HTMLElement;
    try {
      view = await draw(ctx);
      nav.hidden = false;
    } catch (err) {
      view = failure(err);
      nav.hidden = !(err instanceof ApiError && err.status !== 403 && err.status !== 401);
    }
    if (current !== rendering) return;
    view.id = 'view';
    show(app, view);
    app.removeAttribute('aria-busy');
    // Screen readers hear the new view's heading after navigating.
    if (moveFocus) app.querySelector<HTMLElement>('h2')?.focus();
  };
  window.addEventListener('hashchange', () => void render(true));
  // Charts take their colours from the theme when drawn, so a theme change draws the view again.
  new MutationObserver(() => void render(false)).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  await render(false);
}
