import { h } from '../../common/dom.js';
import { formatDate, formatDateTime } from '../../common/dom.js';
import type { DocumentSummary } from '../admin-api.js';
import type { ViewContext } from '../view.js';

export const DOC_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function editorHash(id: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams(extra).toString();
  return `#/documents/${encodeURIComponent(id)}${query ? `?${query}` : ''}`;
}

function row(doc: DocumentSummary): HTMLTableRowElement {
  return h(
    'tr',
    { class: doc.reviewDue ? 'review-due' : null },
    h('td', { 'data-label': 'Document' }, h('a', { href: editorHash(doc.id) }, doc.title), h('div', { class: 'hint' }, doc.id)),
    h('td', { 'data-label': 'Stage' }, doc.stage),
    h('td', { 'data-label': 'Version', class: 'number' }, doc.version),
    h('td', { 'data-label': 'Status' }, doc.status === 'live' ? 'Live' : 'Retired'),
    h('td', { 'data-label': 'Last reviewed' }, formatDate(doc.lastReviewed)),
    // The flag is words plus a symbol, never colour alone.
    h('td', { 'data-label': 'Review' }, doc.reviewDue ? h('span', { class: 'flag' }, '\u26A0 Review due') : 'Up to date'),
    h('td', { 'data-label': 'Helpful', class: 'number' }, `${doc.helpful} yes, ${doc.notHelpful} no`),
    h('td', { 'data-label': 'Last change' }, formatDateTime(doc.updatedAt), doc.updatedBy ? h('div', { class: 'hint' }, `by ${doc.updatedBy}`) : null),
  );
}

/** Every document with its review status and feedback; filter, open the editor, or start a new one. */
export async function documentsView(ctx: ViewContext): Promise<HTMLElement> {
  const documents = await ctx.api.documents();
  const due = documents.filter((d) => d.reviewDue).length;
  const tbody = h('tbody');
  const search = h('input', { id: 'doc-filter', type: 'text', autocomplete: 'off' });
  const onlyDue = h('input', { id: 'doc-due', type: 'checkbox' });
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const draw = () => {
    const words = search.value.trim().toLowerCase();
    const shown = documents.filter((d) => (!onlyDue.checked || d.reviewDue) && (!words || `${d.title} ${d.id} ${d.stage}`.toLowerCase().includes(words)));
    tbody.replaceChildren(...shown.map(row));
    count.textContent = `Showing ${shown.length} of ${documents.length} documents.`;
  };
  search.addEventListener('input', draw);
  onlyDue.addEventListener('change', draw);
  draw();

  const newId = h('input', { id: 'new-doc-id', type: 'text', required: true, pattern: DOC_ID.source, 'aria-describedby': 'new-doc-hint' });
  const newForm = h(
    'form',
    { class: 'inline-form' },
    h('div', { class: 'field' }, h('label', { for: 'new-doc-id' }, 'New document name'), newId, h('span', { id: 'new-doc-hint', class: 'hint' }, 'Lower-case words joined by hyphens, for example "jury-service".')),
    h('button', { type: 'submit' }, 'Start a new document'),
  );
  newForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = newId.value.trim();
    if (documents.some((d) => d.id === id)) ctx.go(editorHash(id));
    else ctx.go(editorHash(id, { new: '1' }));
  });

  return h(
    'section',
    { 'aria-labelledby': 'documents-title' },
    h('h2', { id: 'documents-title', tabindex: '-1' }, 'Documents'),
    h('p', {}, `${documents.length} documents. `, due ? h('strong', {}, `${due} due for review.`) : 'None is due for review.'),
    h(
      'div',
      { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'doc-filter' }, 'Find a document'), search),
      h('div', { class: 'field checkbox' }, onlyDue, h('label', { for: 'doc-due' }, 'Show only documents due for review')),
    ),
    count,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'stack' },
        h('caption', { class: 'visually-hidden' }, 'Documents'),
        h(
          'thead',
          {},
          h('tr', {}, ['Document', 'Stage', 'Version', 'Status', 'Last reviewed', 'Review', 'Helpful', 'Last change'].map((c) => h('th', { scope: 'col' }, c))),
        ),
        tbody,
      ),
    ),
    h('h3', {}, 'Add a document'),
    newForm,
  );
}
