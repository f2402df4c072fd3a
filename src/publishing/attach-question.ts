import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import { buildSet, DOC_ID_PATTERN, retryOnConflict, type Actor, type PublishingDeps } from './content-set.js';
import { latestOf, publishDocument } from './publish-document.js';

/** The longest example question the content schema accepts. */
export const MAX_ATTACHED_QUESTION_CHARS = 300;

export interface AttachQuestion {
  readonly docId: string;
  /** Anchor of the section that answers it; the whole document when absent. */
  readonly section?: string | undefined;
  readonly question: string;
}

export interface AttachedQuestion {
  readonly id: string;
  readonly title: string;
  /** The live version after the attach (the existing one when the question was already there). */
  readonly version: number;
  readonly section: { readonly anchor: string; readonly heading: string } | undefined;
  /** False when the document already listed the question (nothing was published). */
  readonly added: boolean;
}

export interface AttachDeps extends PublishingDeps {
  readonly store: PublishingDeps['store'] & Pick<Store, 'removeUnanswered'>;
}

/** Questions compare ignoring case and spacing, as the validator's repeat check and the unanswered list do. */
export function questionKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Teaches the assistant a question it could not answer (or answered badly):
 * adds it to the `questions` front matter of the document (and section) that
 * answers it and publishes that as a new version through `publishDocument`,
 * so it is checked, audited and live on every instance like any publish. A
 * question the document already lists publishes nothing. The question then
 * leaves the unanswered list. The audit row names the document and section,
 * not the question: its text is in the content, which HR chose to publish.
 */
export async function attachQuestionToDocument(deps: AttachDeps, actor: Actor, input: AttachQuestion): Promise<AttachedQuestion> {
  const question = checkQuestion(input.question);
  if (!DOC_ID_PATTERN.test(input.docId) || input.docId.length > 80) {
    throw fieldError('docId', `"${input.docId.slice(0, 80)}" is not a document id (lower-case words joined by hyphens)`);
  }
  const result = await retryOnConflict(async () => {
    const current = await latestOf(deps, input.docId).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'NOT_FOUND' ? fieldError('docId', `there is no document "${input.docId}"`) : err;
    });
    if (current.action === 'retire') throw fieldError('docId', `"${input.docId}" is retired; restore it before adding questions to it`);
    const doc = buildSet([{ path: current.path, text: current.text }], deps).pack.documents[0];
    if (!doc) throw new AppError('VALIDATION', `the live version of "${input.docId}" could not be read; open it in the editor`);
    const section = input.section ? doc.sections.find((s) => s.anchor === input.section) : undefined;
    if (input.section && !section) {
      throw fieldError('section', `"${input.section.slice(0, 120)}" is not a section of "${doc.title}" (its sections: ${doc.sections.map((s) => s.anchor).join(', ')})`);
    }
    const summary = { id: doc.id, title: doc.title, section: section ? { anchor: section.anchor, heading: section.heading } : undefined };
    if (doc.questions.some((q) => questionKey(q.text) === questionKey(question))) {
      return { ...summary, version: current.version, added: false };
    }
    const markdown = addQuestionToMarkdown(current.text, section ? { q: question, section: section.anchor } : question);
    const note = section ? `Added a manager question to "${section.heading}"` : 'Added a manager question';
    const published = await publishDocument(deps, actor, doc.id, markdown, note, {
      baseVersion: current.version,
      audit: { action: 'attach-question', detail: section ? `section ${section.anchor}` : 'whole document' },
    });
    return { ...summary, version: published.version, added: true };
  });
  // Answered now: it leaves HR's list of unanswered questions (after the publish, which is what matters).
  await deps.store.removeUnanswered(question);
  return result;
}

function checkQuestion(text: string): string {
  const question = text.replace(/\s+/g, ' ').trim();
  if (!question) throw fieldError('question', 'must not be empty');
  if (question.length > MAX_ATTACHED_QUESTION_CHARS) throw fieldError('question', `must be at most ${MAX_ATTACHED_QUESTION_CHARS} characters`);
  return question;
}

function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION', `${field}: ${message}`, [`${field}: ${message}`]);
}

type QuestionItem = string | { q: string; section: string };

/**
 * The document with one more entry in its front matter's `questions` list.
 * Only that list changes: the entry is inserted as text after the list's last
 * item (or the list is added at the end of the front matter), so every other
 * field keeps its comments, order, quoting and line breaks byte for byte. A
 * list written in flow style (`questions: [a, b]`) is rewritten, alone, in
 * flow style.
 */
export function addQuestionToMarkdown(markdown: string, item: QuestionItem): string {
  const crlf = markdown.includes('\r\n');
  const text = crlf ? markdown.replace(/\r\n/g, '\n') : markdown;
  const lines = text.split('\n');
  const end = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && l.trim() === '---') : -1;
  if (end < 0) throw new AppError('VALIDATION', 'the document has no front matter (a YAML block between two "---" lines)');
  const yamlStart = lines[0]!.length + 1;
  const yamlText = lines.slice(1, end).join('\n') + '\n';
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new AppError('VALIDATION', 'the front matter is not valid YAML; open the document in the editor');
  const list = doc.get('questions', true) as Node | undefined;

  let edited: string;
  if (list === undefined || (isScalar(list) && list.value === null)) {
    const block = renderItem(item, '  ');
    if (list === undefined) edited = `${yamlText}questions:\n${block}`;
    else {
      // `questions:` with nothing after it: the list goes under the key.
      const lineEnd = nextLineStart(yamlText, list.range![0]);
      edited = `${yamlText.slice(0, lineEnd)}${block}${yamlText.slice(lineEnd)}`;
    }
  } else if (isSeq(list) && !list.flow && list.items.length > 0 && list.range) {
    const indent = ' '.repeat(counter.linePos(list.range[0]).col - 1);
    const at = nextLineStart(yamlText, list.range[1]);
    edited = `${yamlText.slice(0, at)}${renderItem(item, indent)}${yamlText.slice(at)}`;
  } else if (isSeq(list) && list.range) {
    list.add(doc.createNode(item));
    // Comments around the list stay where they are in the text, outside the range rewritten.
    list.comment = undefined;
    list.commentBefore = undefined;
    const flow = new Document(list).toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd();
    edited = `${yamlText.slice(0, list.range[0])}${flow}${yamlText.slice(list.range[1])}`;
  } else {
    throw new AppError('VALIDATION', 'the front matter\'s "questions" is not a list; open the document in the editor');
  }
  const out = text.slice(0, yamlStart) + edited + lines.slice(end).join('\n');
  return crlf ? out.replace(/\n/g, '\r\n') : out;
}

/** Offset of the start of the line after the one holding `offset` (or the text's end). */
function nextLineStart(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** One sequence item as block YAML, each line indented by `indent`, ending with a newline. */
function renderItem(item: QuestionItem, indent: string): string {
  const yaml = new Document([item]).toString({ lineWidth: 0 });
  return yaml
    .trimEnd()
    .split('\n')
    .map((l) => indent + l)
    .join('\n')
    .concat('\n');
}

