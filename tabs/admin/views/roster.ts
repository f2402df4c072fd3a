import { ApiError } from '../../common/tab.js';
import { h } from '../../common/dom.js';
import type { RosterReport } from '../admin-api.js';
import type { ViewContext } from '../view.js';

function report(r: RosterReport): HTMLElement {
  return h(
    'div',
    { class: 'roster-report' },
    h('h3', {}, r.problems.length ? 'Imported, with problems' : 'Imported'),
    h(
      'ul',
      {},
      h('li', {}, `${r.imported} ${r.imported === 1 ? 'person' : 'people'} added or updated`),
      h('li', {}, `${r.unchanged} unchanged`),
      h('li', {}, `${r.left} marked as left`),
      h('li', {}, `${new Set(r.problems.map((p) => p.line)).size} ${new Set(r.problems.map((p) => p.line)).size === 1 ? 'line' : 'lines'} with problems (not imported)`),
    ),
    r.problems.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'stack' },
            h('caption', {}, 'Lines that were not imported'),
            h('thead', {}, h('tr', {}, ['Line', 'Column', 'Problem'].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              r.problems.map((p) => h('tr', {}, h('td', { 'data-label': 'Line', class: 'number' }, p.line), h('td', { 'data-label': 'Column' }, p.field), h('td', { 'data-label': 'Problem' }, p.message))),
            ),
          ),
        )
      : null,
  );
}

/** Upload the staff roster CSV (the same import as `lma roster import`) and see the per-line report. */
export async function rosterView(ctx: ViewContext): Promise<HTMLElement> {
  const file = h('input', { id: 'roster-file', type: 'file', accept: '.csv,text/csv', required: true, 'aria-describedby': 'roster-hint' });
  const full = h('input', { id: 'roster-full', type: 'checkbox' });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Upload the roster');
  const form = h(
    'form',
    {},
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'roster-file' }, 'Roster file (CSV)'),
      file,
      h(
        'span',
        { id: 'roster-hint', class: 'hint' },
        'A header row naming employee_id, display_name, email, manager_email, start_date (YYYY-MM-DD), department, job_title and optionally end_date.',
      ),
    ),
    h('div', { class: 'field checkbox' }, full, h('label', { for: 'roster-full' }, 'This file is the whole roster: mark anyone missing from it as left')),
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      result.replaceChildren(h('p', { class: 'error' }, 'Choose a CSV file first.'));
      return;
    }
    button.disabled = true;
    result.replaceChildren(h('p', {}, 'Uploading...'));
    chosen
      .text()
      .then((csv) => ctx.api.uploadRoster(csv, full.checked))
      .then((r) => result.replaceChildren(report(r)))
      .catch((err: unknown) => {
        const details = err instanceof ApiError ? err.details : [];
        result.replaceChildren(
          h('p', { class: 'error' }, `Nothing was imported: ${err instanceof Error ? err.message : String(err)}`),
          h('ul', {}, details.map((d) => h('li', {}, d))),
        );
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return h(
    'section',
    { 'aria-labelledby': 'roster-title' },
    h('h2', { id: 'roster-title', tabindex: '-1' }, 'Staff roster'),
    h('p', {}, 'The roster links people to their line managers, so the assistant knows whom to remind. Valid lines are imported together; lines with problems are listed and skipped. Importing the same file again changes nothing.'),
    form,
    result,
  );
}
