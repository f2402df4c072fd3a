import { formatDateTime, h } from '../../common/dom.js';
import type { VersionInfo } from '../admin-api.js';
import type { ViewContext } from '../view.js';

const ACTIONS: Record<VersionInfo['action'], string> = { import: 'Imported', publish: 'Published', retire: 'Retired', restore: 'Restored' };

/** A unified diff as lines; the +/- signs stay in the text so meaning never rests on colour. */
export function diffView(diff: string): HTMLElement {
  const lines = diff.replace(/\n$/, '').split('\n');
  return h(
    'pre',
    { class: 'diff', tabindex: '0', 'aria-label': 'Differences' },
    lines.map((line) => {
      const kind = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : 'same';
      return h('span', { class: `diff-${kind}` }, `${line}\n`);
    }),
  );
}

/** Every version of a document: compare any two, restore an earlier one (as a new version), retire. */
export async function historyView(ctx: ViewContext, id: string): Promise<HTMLElement> {
  const versions = (await ctx.api.history(id)).sort((a, b) => b.version - a.version);
  const latest = versions[0]?.version ?? 0;
  const diffPanel = h('div', { class: 'diff-panel', role: 'region', 'aria-live': 'polite', 'aria-label': 'Comparison' });
  const status = h('div', { role: 'status', 'aria-live': 'polite' });

  const compare = async (from: number, to: number) => {
    diffPanel.replaceChildren(h('p', {}, 'Loading the differences...'));
    try {
      const result = await ctx.api.diff(id, from, to);
      diffPanel.replaceChildren(
        h('h3', {}, `Changes from version ${result.from} to version ${result.to}`),
        h('p', { class: 'hint' }, 'Lines starting with + were added; lines starting with - were removed.'),
        result.diff.trim() ? diffView(result.diff) : h('p', {}, 'The two versions are the same.'),
      );
    } catch (err) {
      diffPanel.replaceChildren(h('p', { class: 'error' }, `Could not compare: ${err instanceof Error ? err.message : String(err)}`));
    }
  };

  const restoreForm = (version: number): HTMLElement => {
    const note = h('input', { id: 'restore-note', type: 'text', required: true, maxlength: 500 });
    const form = h(
      'form',
      { class: 'restore-form', 'aria-labelledby': 'restore-title' },
      h('h3', { id: 'restore-title' }, `Restore version ${version}`),
      h('p', {}, `Version ${version} becomes the live text again, as a new version ${latest + 1}. Nothing is deleted.`),
      h('div', { class: 'field' }, h('label', { for: 'restore-note' }, 'Why restore it (change note)'), note),
      h('button', { type: 'submit' }, `Restore version ${version}`),
      ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => status.replaceChildren() }, 'Cancel'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!note.value.trim()) return note.focus();
      ctx.api
        .restore(id, version, note.value.trim())
        .then((r) => {
          // The refreshed view replaces this one and says what happened.
          sessionStorage.setItem('lma-admin-flash', `Restored version ${version} as version ${r.version}.`);
          ctx.refresh();
        })
        .catch((err: unknown) => status.replaceChildren(h('p', { class: 'error' }, `Not restored: ${err instanceof Error ? err.message : String(err)}`)));
    });
    setTimeout(() => note.focus());
    return form;
  };

  const rows = versions.map((v, i) => {
    const previous = versions[i + 1];
    return h(
      'tr',
      {},
      h('td', { 'data-label': 'Version', class: 'number' }, v.version),
      h('td', { 'data-label': 'What happened' }, ACTIONS[v.action] ?? v.action),
      h('td', { 'data-label': 'By' }, v.author),
      h('td', { 'data-label': 'When' }, formatDateTime(v.createdAt)),
      h('td', { 'data-label': 'Change note' }, v.changeNote),
      h(
        'td',
        { 'data-label': 'Actions', class: 'actions' },
        previous ? h('button', { type: 'button', class: 'secondary', onclick: () => void compare(previous.version, v.version) }, `Compare with version ${previous.version}`) : null,
        v.version !== latest ? h('button', { type: 'button', class: 'secondary', onclick: () => status.replaceChildren(restoreForm(v.version)) }, `Restore version ${v.version}`) : null,
      ),
    );
  });

  const from = h('select', { id: 'diff-from' }, versions.map((v) => h('option', { value: v.version }, `Version ${v.version}`)));
  const to = h('select', { id: 'diff-to' }, versions.map((v) => h('option', { value: v.version }, `Version ${v.version}`)));
  if (versions.length > 1) from.value = String(versions[1]!.version);
  const compareForm = h(
    'form',
    { class: 'inline-form' },
    h('div', { class: 'field' }, h('label', { for: 'diff-from' }, 'From'), from),
    h('div', { class: 'field' }, h('label', { for: 'diff-to' }, 'To'), to),
    h('button', { type: 'submit' }, 'Compare'),
  );
  compareForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void compare(Number(from.value), Number(to.value));
  });

  const retireNote = h('input', { id: 'retire-note', type: 'text', required: true, maxlength: 500 });
  const retireForm = h(
    'form',
    {},
    h('p', {}, 'A retired document is no longer used to answer questions. You can restore it later.'),
    h('div', { class: 'field' }, h('label', { for: 'retire-note' }, 'Why retire it (change note)'), retireNote),
    h('button', { type: 'submit', class: 'secondary' }, 'Retire this document'),
  );
  retireForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.api
      .retire(id, retireNote.value.trim())
      .then((r) => {
        sessionStorage.setItem('lma-admin-flash', `Retired. That is version ${r.version}.`);
        ctx.refresh();
      })
      .catch((err: unknown) => status.replaceChildren(h('p', { class: 'error' }, `Not retired: ${err instanceof Error ? err.message : String(err)}`)));
  });

  const flash = sessionStorage.getItem('lma-admin-flash');
  sessionStorage.removeItem('lma-admin-flash');
  if (flash) status.replaceChildren(h('p', { class: 'ok' }, `\u2714 ${flash}`));

  return h(
    'section',
    { 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title', tabindex: '-1' }, `History: ${id}`),
    h('p', {}, h('a', { href: `#/documents/${encodeURIComponent(id)}` }, 'Edit this document'), ' | ', h('a', { href: '#/documents' }, 'All documents')),
    status,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'stack history' },
        h('caption', { class: 'visually-hidden' }, 'Versions, newest first'),
        h('thead', {}, h('tr', {}, ['Version', 'What happened', 'By', 'When', 'Change note', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows),
      ),
    ),
    versions.length > 1 ? h('div', {}, h('h3', {}, 'Compare two versions'), compareForm) : null,
    diffPanel,
    h('details', { class: 'retire' }, h('summary', {}, 'Retire this document'), retireForm),
  );
}
