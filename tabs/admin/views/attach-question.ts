import { h } from '../../common/dom.js';
import type { AttachedQuestion, DocumentSummary } from '../admin-api.js';
import type { ViewContext } from '../view.js';

export interface AttachDialog {
  readonly dialog: HTMLDialogElement;
  /** Opens the dialog for a question; focus goes back to `opener` when it closes. */
  open(question: string, opener: HTMLElement): void;
}

/**
 * "Attach to a guide": HR picks the live document (and, optionally, the
 * section) that answers a question; it is published as a new version of that
 * document, so every instance answers it within seconds. One dialog serves
 * every question on the page.
 */
export function attachQuestionDialog(ctx: ViewContext, documents: readonly DocumentSummary[], onAttached: (question: string, result: AttachedQuestion) => void): AttachDialog {
  const live = documents.filter((d) => d.status === 'live').sort((a, b) => a.title.localeCompare(b.title));
  const questionText = h('q');
  const guide = h(
    'select',
    { id: 'attach-doc', 'aria-required': 'true', 'aria-describedby': 'attach-error' },
    h('option', { value: '' }, 'Choose a guide'),
    live.map((d) => h('option', { value: d.id }, d.title)),
  );
  const section = h('select', { id: 'attach-section', 'aria-describedby': 'attach-section-hint' });
  const error = h('p', { id: 'attach-error', class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, 'Attach and publish');
  const fillSections = () => {
    const sections = live.find((d) => d.id === guide.value)?.sections ?? [];
    section.replaceChildren(h('option', { value: '' }, 'The whole guide'), ...sections.map((s) => h('option', { value: s.anchor }, s.heading)));
    section.disabled = !guide.value;
  };
  guide.addEventListener('change', () => {
    error.textContent = '';
    fillSections();
  });

  const form = h(
    'form',
    { class: 'attach-form' },
    h('h3', { id: 'attach-title' }, 'Attach this question to a guide'),
    h('p', {}, questionText),
    h('p', { class: 'hint' }, 'The guide will answer this question from now on. It is published as a new version of the guide, live in a few seconds, and the audit log records that you added it.'),
    h('div', { class: 'field' }, h('label', { for: 'attach-doc' }, 'Guide'), guide),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'attach-section' }, 'Section (optional)'),
      section,
      h('span', { id: 'attach-section-hint', class: 'hint' }, 'The part of the guide that answers it, if one part does.'),
    ),
    error,
    submit,
    ' ',
    h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
  );
  const dialog = h('dialog', { 'aria-labelledby': 'attach-title' }, form);

  let asked = '';
  let opener: HTMLElement | undefined;
  dialog.addEventListener('close', () => opener?.focus());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!guide.value) {
      error.textContent = 'Choose the guide that answers this question.';
      guide.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Publishing…';
    error.textContent = '';
    ctx.api
      .attachQuestion({ question: asked, docId: guide.value, ...(section.value ? { section: section.value } : {}) })
      .then(
        (result) => {
          dialog.close();
          onAttached(asked, result);
        },
        (err: unknown) => {
          error.textContent = `Not attached: ${err instanceof Error ? err.message : 'something went wrong; try again.'}`;
        },
      )
      .finally(() => {
        submit.disabled = false;
        submit.textContent = 'Attach and publish';
      });
  });

  return {
    dialog,
    open(question, from) {
      asked = question;
      opener = from;
      questionText.textContent = question;
      error.textContent = '';
      fillSections();
      dialog.showModal();
      guide.focus();
    },
  };
}

/** What the page says once a question is attached. */
export function attachedMessage(result: AttachedQuestion): string {
  const where = result.section ? ` (“${result.section.heading}”)` : '';
  return result.added
    ? `Added to ${result.title}${where} — live in a few seconds (version ${result.version}).`
    : `${result.title} already lists this question, so nothing was published (version ${result.version} stays live).`;
}
