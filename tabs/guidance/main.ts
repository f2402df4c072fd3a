import './guidance.css';
import { byId, h, show } from '../common/dom.js';
import { showError, startTab, type TabSession } from '../common/tab.js';

/**
 * The Guidance tab: search, browse by life-cycle stage, and read a whole
 * document. Views are addressed by the URL fragment (#doc/ID, #search/WORDS)
 * so links, the back button and the keyboard all work as on any web page.
 */
interface DocSummary {
  id: string;
  title: string;
  summary: string;
}
interface Stages {
  stages: { id: string; title: string; description: string; documents: DocSummary[] }[];
}
interface SearchResults {
  query: string;
  corrections: { from: string; to: string }[];
  results: (DocSummary & { section: string; heading: string })[];
  notice?: { headline: string; advice: string };
}
interface GuidanceDocument extends DocSummary {
  stage?: { id: string; title: string };
  source: { title: string; url: string };
  lastReviewedText: string;
  reviewDueText: string;
  html: string;
  related: DocSummary[];
}

const app = byId('app');
const status = byId('status');

const session = await startTab({ title: 'Guidance', signIn: false });
if (session) {
  // A deep link ("Read in full" on a card) names the document, and perhaps a section after '#'.
  if (session.subPageId && !location.hash) {
    const [docId, anchor] = session.subPageId.split('#');
    history.replaceState(null, '', `#doc/${encodeURIComponent(docId ?? '')}${anchor ? `/${encodeURIComponent(anchor)}` : ''}`);
  }
  window.addEventListener('hashchange', () => void route(session));
  await route(session);
}

async function route(s: TabSession): Promise<void> {
  const [view, first, second] = location.hash.replace(/^#/, '').split('/').map((part) => decodeURIComponent(part));
  try {
    if (view === 'doc' && first) await showDocument(s, first, second);
    else if (view === 'search' && first) await showSearch(s, first);
    else await showHome(s);
  } catch (err) {
    showError(err);
  }
}

function searchForm(value = ''): HTMLFormElement {
  const input = h('input', { id: 'search-input', type: 'search', name: 'q', value, autocomplete: 'off', maxlength: '500', 'aria-describedby': 'search-hint' });
  const form = h(
    'form',
    { class: 'search', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'search-input' }, 'Search the guidance'), h('span', { id: 'search-hint', class: 'meta' }, 'For example: sickness absence, flexible working, new starter'), input),
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (q) location.hash = `search/${encodeURIComponent(q)}`;
    else input.focus();
  });
  return form;
}

function docLink(d: DocSummary): HTMLAnchorElement {
  return h('a', { href: `#doc/${encodeURIComponent(d.id)}` }, d.title);
}

async function showHome(s: TabSession): Promise<void> {
  const { stages } = await s.api<Stages>('/api/guidance/stages');
  show(
    app,
    searchForm(),
    h('h2', { id: 'browse-heading' }, 'Browse by stage'),
    h(
      'div',
      { 'aria-labelledby': 'browse-heading' },
      stages.map((stage) =>
        h(
          'details',
          { class: 'stage' },
          h('summary', {}, `${stage.title} (${stage.documents.length})`),
          h('p', { class: 'meta' }, stage.description),
          h('ul', { class: 'stage-docs' }, stage.documents.map((d) => h('li', {}, docLink(d), h('br'), h('span', { class: 'meta' }, d.summary)))),
        ),
      ),
    ),
  );
  show(status);
}

async function showSearch(s: TabSession, q: string): Promise<void> {
  const found = await s.api<SearchResults>(`/api/guidance/search?q=${encodeURIComponent(q)}`);
  const corrected = found.corrections.length ? h('p', { class: 'meta' }, `Searched for: ${found.corrections.map((c) => c.to).join(', ')}`) : null;
  const heading = h('h2', { id: 'results-heading', tabindex: '-1' }, `Results for “${q}”`);
  show(
    app,
    searchForm(q),
    heading,
    corrected,
    // A notice stands alone for a declined search; for someone at risk it comes first, then the guidance.
    found.notice ? h('div', { class: 'card', role: 'note' }, h('h3', {}, found.notice.headline), h('p', {}, found.notice.advice)) : null,
    found.results.length || !found.notice
      ? h('ul', { class: 'results plain', 'aria-labelledby': 'results-heading' }, found.results.map((r) => h('li', { class: 'card' }, docLink(r), h('p', { class: 'meta' }, r.summary))))
      : null,
    h('nav', { class: 'back' }, h('a', { href: '#' }, 'Browse all topics')),
  );
  show(status, found.notice ? found.notice.headline : `${found.results.length} result${found.results.length === 1 ? '' : 's'} for ${q}`);
  heading.focus();
}

async function showDocument(s: TabSession, id: string, anchor: string | undefined): Promise<void> {
  const doc = await s.api<GuidanceDocument>(`/api/guidance/documents/${encodeURIComponent(id)}`);
  const heading = h('h2', { id: 'doc-title', tabindex: '-1' }, doc.title);
  const content = h('div', { class: 'content' });
  // Rendered by the service with raw HTML in the content escaped (src/http/guidance-page.ts); CSP blocks any script.
  content.innerHTML = doc.html;
  for (const h2 of content.querySelectorAll('h2')) h2.outerHTML = `<h3>${h2.innerHTML}</h3>`;
  show(
    app,
    h('nav', { class: 'back' }, h('a', { href: '#' }, 'All guidance')),
    h(
      'article',
      { class: 'document', 'aria-labelledby': 'doc-title' },
      heading,
      h(
        'p',
        { class: 'meta' },
        'Source: ',
        h('a', { href: doc.source.url, target: '_blank', rel: 'noopener noreferrer' }, doc.source.title),
        h('br'),
        `Last reviewed ${doc.lastReviewedText}; review due ${doc.reviewDueText}`,
        doc.stage ? h('br') : null,
        doc.stage ? `Stage: ${doc.stage.title}` : null,
      ),
      content,
    ),
    doc.related.length
      ? h('nav', { 'aria-labelledby': 'related-heading' }, h('h3', { id: 'related-heading' }, 'Related topics'), h('ul', {}, doc.related.map((r) => h('li', {}, docLink(r)))))
      : null,
    searchForm(),
  );
  document.title = `${doc.title} – Line Manager Assistant`;
  show(status);
  const target = anchor ? content.querySelector<HTMLElement>(`#${CSS.escape(anchor)}`) : null;
  if (target) target.scrollIntoView();
  heading.focus({ preventScroll: !!target });
}
