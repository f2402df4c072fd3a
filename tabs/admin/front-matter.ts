import { isMap, isPair, isScalar, parseDocument, stringify, type Pair, type YAMLMap } from 'yaml';

/**
 * The front matter fields HR edit in a form, read from and written back into
 * the document's Markdown. Writing a field replaces only that field's value in
 * the text: every other field (known or not, such as a list of example
 * questions), comment and blank line stays exactly as it was.
 */
export const FORM_FIELDS = ['title', 'summary', 'keywords', 'synonyms', 'owner', 'last_reviewed', 'review_due', 'source.title', 'source.url'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FieldValues = Record<FormField, string | string[]>;
const LIST_FIELDS: ReadonlySet<FormField> = new Set(['keywords', 'synonyms']);

interface Split {
  /** The opening "---" line with its line break. */
  readonly head: string;
  /** The YAML between the lines, each line ending in a line break. */
  readonly yaml: string;
  /** From the closing "---" line to the end. */
  readonly tail: string;
}

/** The same split as the validator's: a first line "---", up to the next line "---". */
function split(markdown: string): Split | undefined {
  const lines = markdown.split('\n');
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return undefined;
  return { head: `${lines[0]}\n`, yaml: lines.slice(1, end).map((l) => `${l}\n`).join(''), tail: lines.slice(end).join('\n') };
}

function parse(yaml: string) {
  const doc = parseDocument(yaml, { uniqueKeys: true, prettyErrors: false });
  return doc.errors.length === 0 && (isMap(doc.contents) || doc.contents === null) ? doc : undefined;
}

/** The form's values, or undefined when the front matter cannot be read (the checks say why). */
export function readFields(markdown: string): FieldValues | undefined {
  const parts = split(markdown);
  const doc = parts && parse(parts.yaml);
  if (!doc) return undefined;
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) return undefined;
  const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v));
  const list = (v: unknown) => (Array.isArray(v) ? v.map(text) : v === null || v === undefined || v === '' ? [] : [text(v)]);
  const record = data as Record<string, unknown>;
  const source = typeof record.source === 'object' && record.source !== null ? (record.source as Record<string, unknown>) : {};
  return {
    title: text(record.title),
    summary: text(record.summary),
    keywords: list(record.keywords),
    synonyms: list(record.synonyms),
    owner: text(record.owner),
    last_reviewed: text(record.last_reviewed),
    review_due: text(record.review_due),
    'source.title': text(source.title),
    'source.url': text(source.url),
  };
}

const FLOW = { lineWidth: 0, collectionStyle: 'flow', flowCollectionPadding: false } as const;
/** A one-line YAML value: plain when that reads back as the same text, quoted otherwise. */
const inline = (value: string | string[]) => stringify(Array.isArray(value) ? value.map(oneLine) : oneLine(value), FLOW).trimEnd();
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Replaces a pair's value in `yaml` (its comment and the lines around it stay). */
function replaceValue(yaml: string, pair: Pair, rendered: (indent: number) => string): string {
  const key = pair.key as { range?: [number, number, number] };
  const value = pair.value as { range?: [number, number, number]; source?: string } | null;
  const keyRange = key.range!;
  const colon = yaml.indexOf(':', keyRange[1]);
  const empty = !value || (isScalar(value) && value.source === '' && value.value === null);
  const end = empty ? colon + 1 : value!.range![1];
  // A block value's range ends with its line break; keep the break.
  const keep = yaml.slice(colon + 1, end).endsWith('\n') ? '\n' : '';
  const text = rendered(columnOf(yaml, keyRange[0]));
  // A block (starting on the next line) follows the colon directly; anything else after a space.
  return `${yaml.slice(0, colon + 1)}${text.startsWith('\n') ? '' : ' '}${text}${keep}${yaml.slice(end)}`;
}

function render(field: FormField, value: string | string[], existing: unknown): (indent: number) => string {
  if (field === 'summary' && typeof value === 'string') {
    const folded = !existing || (isScalar(existing) && (existing.type === 'BLOCK_FOLDED' || existing.type === 'BLOCK_LITERAL'));
    const text = oneLine(value);
    // The content's own style: a folded block, the sentence on the next line.
    if (folded && text && !/^[\s#]/.test(text)) return (indent) => `>-\n${' '.repeat(indent + 2)}${text}`;
  }
  return () => inline(value);
}

function pairOf(map: YAMLMap | null | undefined, key: string): Pair | undefined {
  return map?.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && p.key.value === key);
}

function appendLine(yaml: string, at: number, line: string): string {
  const before = yaml.slice(0, at);
  return `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${line}\n${yaml.slice(at)}`;
}

/**
 * The Markdown with one form field set. Unchanged when the front matter cannot be read (the form
 * is switched off then), so a field can never overwrite text it does not understand.
 */
export function writeField(markdown: string, field: FormField, value: string | string[]): string {
  const parts = split(markdown);
  const doc = parts && parse(parts.yaml);
  if (!parts || !doc) return markdown;
  const normalised = LIST_FIELDS.has(field) ? (Array.isArray(value) ? value : [value]).map(oneLine).filter(Boolean) : Array.isArray(value) ? value.join(' ') : value;
  const root = doc.contents as YAMLMap | null;
  const yaml = updated(parts.yaml, root, field, normalised);
  return yaml === parts.yaml ? markdown : `${parts.head}${yaml}${parts.tail}`;
}

function updated(yaml: string, root: YAMLMap | null, field: FormField, value: string | string[]): string {
  const [top, child] = field.split('.') as [string, string | undefined];
  const pair = pairOf(root, top);
  if (!child) {
    if (pair) return replaceValue(yaml, pair, render(field, value, pair.value));
    return appendLine(yaml, yaml.length, `${top}: ${render(field, value, undefined)(0)}`);
  }
  const parent = pair?.value;
  if (pair && isMap(parent) && !parent.flow && parent.items.length > 0) {
    const own = pairOf(parent, child);
    if (own) return replaceValue(yaml, own, render(field, value, own.value));
    // A new line in the block, indented like its first field, after its last.
    const first = parent.items[0]!.key as { range: [number, number, number] };
    const indent = ' '.repeat(columnOf(yaml, first.range[0]));
    const last = parent.range![1];
    return appendLine(yaml, last, `${indent}${child}: ${inline(value)}`).replace(/\n\n$/, '\n');
  }
  // No block to add to (missing, empty or written inline): write the whole block, keeping what was in it.
  const kept = isMap(parent) ? (parent.toJSON() as Record<string, unknown>) : {};
  const entries = { ...kept, [child]: value };
  const block = (indent: number) =>
    Object.entries(entries)
      .map(([k, v]) => `\n${' '.repeat(indent + 2)}${k}: ${inline(typeof v === 'string' || Array.isArray(v) ? (v as string | string[]) : String(v ?? ''))}`)
      .join('');
  if (pair) return replaceValue(yaml, pair, block);
  return appendLine(yaml, yaml.length, `${top}:${block(0)}`);
}
