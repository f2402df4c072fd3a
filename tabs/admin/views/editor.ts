import { ApiError } from '../../common/tab.js';
import { debounce, formatDateTime, h } from '../../common/dom.js';
import type { AnswerPreview, DocumentDetail, Problem, Validation } from '../admin-api.js';
import { renderCardPreview } from '../card-preview.js';
import type { ViewContext } from '../view.js';
import { frontMatterForm } from './front-matter-form.js';

const VALIDATE_DELAY_MS = 400;

/** A starting point for a new document, with the question it should answer as a synonym. */
export function newDocumentTemplate(id: string, question: string | null): string {
  const today = new Date().toISOString().slice(0, 10);
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  const title = id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const synonyms = question ? `[${JSON.stringify(question)}]` : '[]';
  return `---
id: ${id}
title: ${title}
kind: guide
stage: your-role
summary: >-
  One or two sentences that answer the question directly.
keywords: [${id.replace(/-/g, ' ')}]
synonyms: ${synonyms}
owner: People Services (HR and OD)
last_reviewed: ${today}
review_due: ${nextYear}
source:
  title: Source title
  url: https://www.example.org/source
related: []
---
An opening paragraph.

## What to do
1. The first step.

## What you need to know
The background.

## Where to get help
Who to contact.
`;
}

function selectLine(textarea: HTMLTextAreaElement, line: number): void {
  const lines = textarea.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  textarea.focus();
  textarea.setSelectionRange(start, end);
  // Scroll the line into view: a rough line height is enough.
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

/** True when a problem is in the document being edited rather than in another file it affects. */
function inThisDocument(p: Problem, id: string): boolean {
  return !p.file || p.file.replace(/^.*\//, '').replace(/\.md$/, '') === id;
}

function problemList(problems: readonly Problem[], textarea: HTMLTextAreaElement, id: string): HTMLElement {
  return h(
    'ul',
    { class: 'problems' },
    problems.map((p) => {
      const here = inThisDocument(p, id);
      return h(
        'li',
        { class: p.severity === 'warning' ? 'warning' : 'problem' },
        h('span', { class: 'severity' }, p.severity === 'warning' ? 'Warning' : 'Error'),
        ' ',
        // A line of this document is a button that puts the cursor there; another file is named.
        here && p.line ? h('button', { type: 'button', class: 'link-button', onclick: () => selectLine(textarea, p.line!) }, `Line ${p.line}`) : null,
        !here ? `In ${p.file}${p.line ? ` line ${p.line}` : ''}` : null,
        p.line || !here ? ', ' : '',
        `${p.field ? `${p.field}: ` : ''}${p.message}`,
      );
    }),
  );
}

function summarise(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  const warnings = problems.length - errors;
  if (!problems.length) return 'No problems found.';
  const parts = [errors ? `${errors} ${errors === 1 ? 'error' : 'errors'}` : null, warnings ? `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : null].filter(Boolean);
  return `${parts.join(' and ')} found${errors ? '. Fix the errors before publishing.' : '.'}`;
}

/** A refused publish lists its problems as "file:line: field: problem" lines (as `lma content validate` prints them). */
export function problemFromDetail(detail: string): Problem {
  const warning = detail.endsWith(' (warning)');
  const text = warning ? detail.slice(0, -' (warning)'.length) : detail;
  const severity = warning ? 'warning' : 'error';
  const match = /^(?:(.*?):)?(\d+):\s*(?:([\w.[\]-]+):\s)?(.*)$/.exec(text);
  if (!match) return { message: text, severity };
  const [, file, line, field, message] = match;
  return { ...(file ? { file } : {}), line: Number(line), ...(field ? { field } : {}), message: message ?? text, severity };
}

const DECLINED: Record<NonNullable<AnswerPreview['reason']>, string> = {
  clinical: 'it is a clinical question',
  it: 'it is about IT systems',
  pay: "it is about one person's pay, for payroll",
  legal: 'it asks for legal advice on a live case',
  'off-topic': 'it is not about managing people',
  'no-match': 'nothing in the guidance matches it well enough',
  empty: 'there is nothing to search for in it',
};

/** What the assistant would do with HR's question, in words, beside the card it would send. */
function outcomeText(answer: AnswerPreview): string {
  const named = (d: AnswerPreview['documents'][number]) => (d.draft ? `${d.title} (this draft)` : d.title);
  const first = answer.documents[0];
  if (answer.outcome === 'answer' && first) {
    return first.draft ? `The assistant would answer from this draft, ${first.title}.` : `The assistant would answer from another document: ${first.title}. This draft is not used for this question.`;
  }
  if (answer.outcome === 'crisis') return 'The message suggests someone may be at risk: the assistant would send the crisis card first, with urgent routes, then the guidance.';
  if (answer.outcome === 'clarify') return `The assistant would ask which of these the manager meant: ${answer.documents.map(named).join('; ')}.`;
  return `The assistant would not answer this: ${DECLINED[answer.reason ?? 'no-match']}. This is the card the manager would get.`;
}

function versionLine(doc: DocumentDetail, id: string): HTMLElement {
  return h(
    'p',
    { class: 'muted version-line' },
    `Version ${doc.version}, ${doc.status === 'live' ? 'live' : 'retired'}. Last changed ${formatDateTime(doc.updatedAt)}${doc.updatedBy ? ` by ${doc.updatedBy}` : ''}. `,
    h('a', { href: `#/documents/${encodeURIComponent(id)}/history` }, 'History'),
  );
}

/** Markdown editor with live validation, the answer card preview, and publish with a change note. */
export async function editorView(ctx: ViewContext, id: string): Promise<HTMLElement> {
  const isNew = ctx.query.get('new') === '1';
  const question = ctx.query.get('question');
  let doc: DocumentDetail | undefined;
  try {
    doc = await ctx.api.document(id);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404 && isNew)) throw err;
  }

  const textarea = h('textarea', { id: 'markdown', name: 'markdown', rows: 20, 'aria-describedby': 'markdown-hint validation-summary', spellcheck: 'true' });
  textarea.value = doc?.markdown ?? newDocumentTemplate(id, question);
  const summary = h('p', { id: 'validation-summary', class: 'validation-summary', role: 'status', 'aria-live': 'polite' }, 'Checking...');
  const problems = h('div', { class: 'problems-wrap' });
  const preview = h('div', { class: 'preview', 'aria-label': 'Answer card preview' });
  const outcome = h('p', { class: 'preview-outcome', role: 'status', 'aria-live': 'polite' });
  const askInput = h('input', { id: 'try-question', type: 'text', name: 'question', maxlength: 500, value: question ?? '', 'aria-describedby': 'try-question-hint' });
  let asked = question?.trim() ?? '';
  const changeNote = h('input', { id: 'change-note', type: 'text', name: 'changeNote', required: true, maxlength: 500, 'aria-describedby': 'change-note-hint' });
  const publishResult = h('div', { class: 'publish-result', role: 'status', 'aria-live': 'polite' });
  const publishButton = h('button', { type: 'submit' }, 'Publish');

  let latest = 0;
  const validate = async () => {
    const current = ++latest;
    summary.textContent = 'Checking...';
    let result: Validation;
    try {
      result = await ctx.api.validate(id, textarea.value, asked || undefined);
    } catch (err) {
      if (current !== latest) return;
      summary.textContent = `Could not check the document: ${err instanceof Error ? err.message : String(err)}`;
      return;
    }
    if (current !== latest) return;
    summary.textContent = summarise(result.problems);
    summary.dataset.ok = String(result.ok);
    problems.replaceChildren(result.problems.length ? problemList(result.problems, textarea, id) : h('span'));
    details.showProblems(result.problems.filter((p) => inThisDocument(p, id)));
    const card = result.answer ? result.answer.card : result.preview;
    outcome.textContent = result.answer
      ? outcomeText(result.answer)
      : asked && !result.preview
        ? ''
        : 'The card for this draft. Type a question to see the answer a manager would get.';
    preview.replaceChildren(card ? renderCardPreview(card) : h('p', { class: 'muted' }, 'The preview shows once the errors are fixed.'));
  };
  const validateSoon = debounce(() => void validate(), VALIDATE_DELAY_MS);
  const details = frontMatterForm(
    textarea.value,
    () => textarea.value,
    (markdown) => {
      textarea.value = markdown;
      validateSoon();
    },
  );
  textarea.addEventListener('input', () => {
    details.readFrom(textarea.value);
    validateSoon();
  });
  const askForm = h(
    'form',
    { class: 'ask-form' },
    h('label', { for: 'try-question' }, 'Try a question a manager might ask'),
    h('span', { id: 'try-question-hint', class: 'hint' }, 'See the card the assistant would answer it with once this draft is published. Nothing is logged.'),
    h('div', { class: 'ask-row' }, askInput, h('button', { type: 'submit' }, 'Show the answer')),
  );
  askForm.addEventListener('submit', (event) => {
    event.preventDefault();
    asked = askInput.value.trim();
    void validate();
  });

  const form = h(
    'form',
    { class: 'publish-form', 'aria-labelledby': 'publish-title' },
    h('h3', { id: 'publish-title' }, 'Publish'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'change-note' }, 'What changed (change note)'),
      changeNote,
      h('span', { id: 'change-note-hint', class: 'hint' }, 'Required. Managers do not see it; it goes in the history and the audit log.'),
    ),
    publishButton,
    publishResult,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!changeNote.value.trim()) {
      publishResult.replaceChildren(h('p', { class: 'error' }, 'Write a change note before publishing.'));
      changeNote.focus();
      return;
    }
    publishButton.disabled = true;
    publishResult.replaceChildren(h('p', {}, 'Publishing...'));
    ctx.api
      .publish(id, textarea.value, changeNote.value.trim())
      .then(async ({ version }) => {
        changeNote.value = '';
        // The header names the version now live (and a new document becomes an existing one).
        const fresh = await ctx.api.document(id).catch(() => undefined);
        if (fresh) {
          header.replaceWith((header = versionLine(fresh, id)));
          heading.textContent = `Edit: ${fresh.title}`;
        }
        publishResult.replaceChildren(
          h('p', { class: 'ok' }, `\u2714 Published version ${version}. Managers get it within a few seconds. `, h('a', { href: `#/documents/${encodeURIComponent(id)}/history` }, 'See the history')),
        );
      })
      .catch((err: unknown) => {
        const listed = err instanceof ApiError ? err.details.map(problemFromDetail) : [];
        publishResult.replaceChildren(
          h('p', { class: 'error' }, `Not published: ${err instanceof Error ? err.message : String(err)}`),
          listed.length ? problemList(listed, textarea, id) : h('span'),
        );
      })
      .finally(() => {
        publishButton.disabled = false;
      });
  });

  void validate();
  const heading = h('h2', { id: 'editor-title', tabindex: '-1' }, doc ? `Edit: ${doc.title}` : `New document: ${id}`);
  let header = doc ? versionLine(doc, id) : h('p', { class: 'muted version-line' }, 'This document does not exist yet. Publishing creates it.');
  return h(
    'section',
    { 'aria-labelledby': 'editor-title', class: 'editor' },
    heading,
    header,
    question ? h('p', { class: 'notice' }, 'Managers asked: ', h('q', {}, question), '. Make sure this document answers it; adding the wording to the synonyms helps the assistant find it.') : null,
    h(
      'div',
      { class: 'editor-grid' },
      h(
        'div',
        { class: 'editor-pane' },
        details.element,
        h('label', { for: 'markdown' }, 'Document (Markdown with front matter)'),
        h('p', { id: 'markdown-hint', class: 'hint' }, 'The whole document as text: the front matter between the --- lines (the details above, and any other fields), then the guidance. The document is checked as you type.'),
        textarea,
        h('h3', {}, 'Checks'),
        summary,
        problems,
      ),
      h('div', { class: 'preview-pane' }, h('h3', {}, 'Preview of the answer card'), askForm, outcome, h('p', { class: 'hint' }, 'Buttons do nothing in the preview.'), preview),
    ),
    form,
    h('p', {}, h('a', { href: '#/documents' }, 'Back to the documents')),
  );
}
