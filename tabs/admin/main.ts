import { ApiError, createApi } from '../common/api.js';
import { h } from '../common/dom.js';
import { forgetDevSignIn, signIn, type Session } from '../common/sign-in.js';
import { connectToHost, onThemeChange } from '../common/teams.js';
import { adminApi } from './admin-api.js';
import { destroyCharts } from './charts.js';
import type { ViewContext } from './view.js';
import { dashboardView } from './views/dashboard.js';
import { documentsView } from './views/documents.js';
import { editorView } from './views/editor.js';
import { feedbackView } from './views/feedback.js';
import { historyView } from './views/history.js';
import { rosterView } from './views/roster.js';
import { unansweredView } from './views/unanswered.js';

const SECTIONS = [
  { hash: '#/documents', label: 'Documents' },
  { hash: '#/unanswered', label: 'Unanswered questions' },
  { hash: '#/feedback', label: 'Feedback' },
  { hash: '#/roster', label: 'Roster' },
  { hash: '#/dashboard', label: 'Dashboard' },
];

interface Route {
  section: string;
  render(ctx: ViewContext): Promise<HTMLElement>;
}

/** Hash routes: `#/documents/ID`, `#/documents/ID/history`, `#/unanswered`, ... with `?query`. */
function route(hash: string): Route {
  const [path = '', ] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, id, sub] = parts;
  if (first === 'documents' && id && sub === 'history') return { section: '#/documents', render: (ctx) => historyView(ctx, id) };
  if (first === 'documents' && id) return { section: '#/documents', render: (ctx) => editorView(ctx, id) };
  if (first === 'unanswered') return { section: '#/unanswered', render: unansweredView };
  if (first === 'feedback') return { section: '#/feedback', render: feedbackView };
  if (first === 'roster') return { section: '#/roster', render: rosterView };
  if (first === 'dashboard') return { section: '#/dashboard', render: dashboardView };
  return { section: '#/documents', render: documentsView };
}

function failureMessage(err: unknown, session: Session): HTMLElement {
  if (err instanceof ApiError && err.status === 403) {
    return h(
      'section',
      { class: 'role-needed', 'aria-labelledby': 'role-title' },
      h('h2', { id: 'role-title', tabindex: '-1' }, 'You need the HR publisher role'),
      h('p', {}, 'This tab is for HR publishers. You need the HR publisher role to use it. Ask your Teams administrator to add you to the HR publishers group.'),
    );
  }
  if (err instanceof ApiError && err.status === 401) {
    if (session.dev) forgetDevSignIn();
    return h('section', {}, h('h2', { tabindex: '-1' }, 'Please sign in again'), h('p', {}, 'Your sign-in has expired or was not accepted. Close and reopen the tab.'));
  }
  const message = err instanceof Error ? err.message : String(err);
  return h('section', {}, h('h2', { tabindex: '-1' }, 'Something went wrong'), h('p', { class: 'error' }, message), h('p', {}, 'Try again in a moment. If it keeps happening, tell the service owner.'));
}

async function start(): Promise<void> {
  const main = document.getElementById('main')!;
  const nav = document.getElementById('nav')!;
  const banner = document.getElementById('banner')!;
  const host = await connectToHost();
  const session = await signIn(host, main, banner, { tabName: 'Content and insights tab', defaultHr: true });
  const api = adminApi(createApi(session.token));
  const navLinks = SECTIONS.map((s) => h('a', { href: s.hash }, s.label));
  nav.replaceChildren(h('ul', {}, navLinks.map((a) => h('li', {}, a))));

  let rendering = 0;
  const show = async (moveFocus: boolean) => {
    const current = ++rendering;
    const { section, render } = route(location.hash);
    for (const a of navLinks) {
      if (a.getAttribute('href') === section) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    main.setAttribute('aria-busy', 'true');
    destroyCharts();
    const ctx: ViewContext = {
      api,
      query: new URLSearchParams(location.hash.split('?')[1] ?? ''),
      go: (hash) => {
        location.hash = hash;
      },
      refresh: () => void show(false),
    };
    let view: HTMLElement;
    try {
      view = await render(ctx);
      nav.hidden = false;
    } catch (err) {
      view = failureMessage(err, session);
      if (err instanceof ApiError && err.status === 403) nav.hidden = true;
    }
    if (current !== rendering) return;
    main.replaceChildren(view);
    main.removeAttribute('aria-busy');
    // Screen readers hear the new view's heading after navigating.
    if (moveFocus) (main.querySelector('h2') as HTMLElement | null)?.focus();
  };
  window.addEventListener('hashchange', () => void show(true));
  // Charts read their colours from the theme, so a theme change redraws the view.
  onThemeChange(() => void show(false));
  await show(false);
}

void start();
