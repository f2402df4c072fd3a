import { h } from '../../common/dom.js';
import type { Problem } from '../admin-api.js';
import { readFields, writeField, type FieldValues, type FormField } from '../front-matter.js';

interface FieldSpec {
  readonly field: FormField;
  readonly label: string;
  readonly hint?: string;
  readonly kind: 'text' | 'long' | 'list' | 'date' | 'url';
}

const FIELDS: readonly FieldSpec[] = [
  { field: 'title', label: 'Title', kind: 'text', hint: 'What managers see at the top of the answer card.' },
  { field: 'summary', label: 'Summary', kind: 'long', hint: 'One or two sentences that answer the question directly.' },
  { field: 'keywords', label: 'Keywords', kind: 'list', hint: 'One per line: the topics this document covers.' },
  { field: 'synonyms', label: 'Other ways managers ask (synonyms)', kind: 'list', hint: 'One per line: words and questions managers use for this topic.' },
  { field: 'owner', label: 'Owner', kind: 'text', hint: 'The team responsible for keeping it right.' },
  { field: 'last_reviewed', label: 'Last reviewed', kind: 'date' },
  { field: 'review_due', label: 'Review due', kind: 'date' },
  { field: 'source.title', label: 'Source title', kind: 'text', hint: 'The national policy or guidance this is based on.' },
  { field: 'source.url', label: 'Source web address', kind: 'url' },
];

const inputId = (field: FormField) => `fm-${field.replace(/[._]/g, '-')}`;

export interface FrontMatterForm {
  readonly element: HTMLElement;
  /** Fills the form from the raw Markdown (after it was edited as text). */
  readFrom(markdown: string): void;
  /** Shows each problem of a form field beside it (give it this document's problems only). */
  showProblems(problems: readonly Problem[]): void;
}

/**
 * The front matter fields as a form, kept in step with the raw Markdown both ways: a change in the
 * form rewrites only that field in the text (`onChange` gets the new Markdown); a change in the text
 * refills the form. Fields the form does not have are edited in the text and never touched here.
 */
export function frontMatterForm(initial: string, current: () => string, onChange: (markdown: string) => void): FrontMatterForm {
  const controls = new Map<FormField, HTMLInputElement | HTMLTextAreaElement>();
  const errors = new Map<FormField, HTMLElement>();
  const fields = FIELDS.map((spec) => {
    const id = inputId(spec.field);
    const control =
      spec.kind === 'long' || spec.kind === 'list'
        ? h('textarea', { id, name: spec.field, rows: spec.kind === 'long' ? 3 : 4, spellcheck: 'true' })
        : h('input', { id, name: spec.field, type: spec.kind === 'date' ? 'date' : spec.kind === 'url' ? 'url' : 'text', ...(spec.kind === 'url' ? { inputmode: 'url' } : {}) });
    const error = h('span', { id: `${id}-error`, class: 'field-error' });
    const hintId = spec.hint ? `${id}-hint` : undefined;
    control.setAttribute('aria-describedby', [hintId, error.id].filter(Boolean).join(' '));
    control.addEventListener('input', () => {
      const value = spec.kind === 'list' ? control.value.split('\n') : control.value;
      onChange(writeField(current(), spec.field, value));
    });
    controls.set(spec.field, control);
    errors.set(spec.field, error);
    return h('div', { class: `field fm-${spec.kind}` }, h('label', { for: id }, spec.label), spec.hint ? h('span', { id: hintId, class: 'hint' }, spec.hint) : null, control, error);
  });
  const paused = h('p', { class: 'notice', hidden: true, role: 'status' }, 'The form is paused: the front matter in the text below cannot be read. Fix it there (the checks say where) and the form comes back.');
  const fieldset = h(
    'fieldset',
    { class: 'front-matter-form' },
    h('legend', {}, 'Document details'),
    h('p', { class: 'hint' }, 'These fill in the front matter at the top of the text below. Other fields (id, kind, stage, related documents, references and any others) are edited in the text.'),
    paused,
    h('div', { class: 'fm-grid' }, fields),
  );

  const fill = (values: FieldValues | undefined) => {
    fieldset.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea').forEach((c) => (c.disabled = !values));
    paused.hidden = !!values;
    if (!values) return;
    for (const [field, control] of controls) {
      const value = values[field];
      const text = Array.isArray(value) ? value.join('\n') : value;
      // A date input shows only a real date; anything else is left to the text (and the checks).
      const shown = control.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text) ? '' : text;
      if (document.activeElement !== control && control.value !== shown) control.value = shown;
    }
  };
  fill(readFields(initial));

  return {
    element: fieldset,
    readFrom: (markdown) => fill(readFields(markdown)),
    showProblems(problems) {
      for (const [field, error] of errors) {
        const own = problems.filter((p) => p.field && (p.field === field || p.field.startsWith(`${field}[`) || p.field.startsWith(`${field}.`)));
        error.textContent = own.map((p) => `${p.severity === 'warning' ? 'Warning' : 'Error'}: ${p.message}`).join(' ');
        const control = controls.get(field)!;
        if (own.some((p) => p.severity !== 'warning')) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
    },
  };
}
