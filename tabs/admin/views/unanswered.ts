import { formatDateTime, h } from '../../common/dom.js';
import type { UnansweredQuestion } from '../admin-api.js';
import type { ViewContext } from '../view.js';
import { attachedMessage, attachQuestionDialog } from './attach-question.js';
import { DOC_ID, editorHash } from './documents.js';

/** Questions the assistant could not answer, most asked first, each a way into the editor. */
export async function unansweredView(ctx: ViewContext): Promise<HTMLElement> {
  const [questions, documents] = await Promise.all([ctx.api.unanswered(), ctx.api.documents()]);
  const sorted = [...questions].sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt));

  // One dialog for every row: choose an existing document or name a new one.
  const questionText = h('q');
  const choice = h(
    'select',
    { id: 'answer-doc' },
    h('option', { value: '' }, 'A new document'),
    [...documents].sort((a, b) => a.title.localeCompare(b.title)).map((d) => h('option', { value: d.id }, d.title)),
  );
  const newId = h('input', { id: 'answer-new-id', type: 'text', pattern: DOC_ID.source, 'aria-describedby': 'answer-new-hint' });
  const newField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'answer-new-id' }, 'New document name'),
    newId,
    h('span', { id: 'answer-new-hint', class: 'hint' }, 'Lower-case words joined by hyphens, for example "jury-service".'),
  );
  const error = h('p', { class: 'error', role: 'alert' });
  choice.addEventListener('change', () => {
    newField.hidden = choice.value !== '';
  });
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'answer-title' },
    h(
      'form',
      { method: 'dialog' },
      h('h3', { id: 'answer-title' }, 'Which document should answer this?'),
      h('p', {}, questionText),
      h('div', { class: 'field' }, h('label', { for: 'answer-doc' }, 'Document'), choice),
      newField,
      error,
      h('button', { type: 'submit', value: 'open' }, 'Open the editor'),
      ' ',
      h('button', { type: 'submit', value: 'cancel', class: 'secondary', formnovalidate: true }, 'Cancel'),
    ),
  );
  let asked: UnansweredQuestion | undefined;
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'open' || !asked) return;
    const question = asked.text;
    if (choice.value) return ctx.go(editorHash(choice.value, { question }));
    const id = newId.value.trim();
    if (!DOC_ID.test(id)) {
      error.textContent = 'Give the new document a name made of lower-case words joined by hyphens.';
      dialog.showModal();
      newId.focus();
      return;
    }
    const exists = documents.some((d) => d.id === id);
    ctx.go(editorHash(id, exists ? { question } : { new: '1', question }));
  });
  const open = (q: UnansweredQuestion) => {
    asked = q;
    questionText.textContent = q.text;
    error.textContent = '';
    dialog.returnValue = '';
    newField.hidden = choice.value !== '';
    dialog.showModal();
  };

  // "Attach to a guide": the question joins a live document's example questions; its row goes.
  const status = h('p', { class: 'notice attach-status', role: 'status', tabindex: '-1' });
  const rows = new Map<string, HTMLTableRowElement>();
  const attach = attachQuestionDialog(ctx, documents, (question, result) => {
    status.textContent = attachedMessage(result);
    rows.get(question)?.remove();
    rows.delete(question);
    if (rows.size === 0) body.replaceWith(h('p', {}, 'No unanswered questions left.'));
    status.focus();
  });

  const body = sorted.length
    ? h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'stack' },
          h('caption', { class: 'visually-hidden' }, 'Unanswered questions, most asked first'),
          h('thead', {}, h('tr', {}, ['Question', 'Times asked', 'Last asked', 'Action'].map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            sorted.map((q, i) => {
              const attachButton = h('button', { type: 'button', 'aria-describedby': `unanswered-q-${i}`, onclick: () => attach.open(q.text, attachButton) }, 'Attach to a guide');
              const row = h(
                'tr',
                {},
                h('td', { 'data-label': 'Question', id: `unanswered-q-${i}` }, q.text),
                h('td', { 'data-label': 'Times asked', class: 'number' }, q.count),
                h('td', { 'data-label': 'Last asked' }, formatDateTime(q.lastAskedAt)),
                h(
                  'td',
                  { 'data-label': 'Action', class: 'actions' },
                  attachButton,
                  h('button', { type: 'button', class: 'secondary', onclick: () => open(q) }, 'Create or edit the document that should answer this'),
                ),
              );
              rows.set(q.text, row);
              return row;
            }),
          ),
        ),
      )
    : h('p', {}, 'No unanswered questions. Every question asked recently was answered.');

  return h(
    'section',
    { 'aria-labelledby': 'unanswered-title' },
    h('h2', { id: 'unanswered-title', tabindex: '-1' }, 'Unanswered questions'),
    h('p', {}, 'Questions managers asked that the assistant could not answer, or could only answer by asking which guide they meant, most asked first. Question texts are kept for a limited time, then deleted. Attach a question to the guide that answers it and the assistant answers it from then on.'),
    status,
    body,
    dialog,
    attach.dialog,
  );
}
