import { checkBody, checkFrontMatter, checkQuestions, type RelatedCheck } from './check-document.js';
import { fillPlaceholders, numberedSteps, slugify, splitSections } from './markdown.js';
import { zodProblems, type Report } from './problems.js';
import { frontMatterSchema } from './schemas.js';
import type { ContentDocument, ContentFile, Section } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

function splitFrontMatter(text: string): { yaml: string; body: string; bodyFirstLine: number } | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return undefined;
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n'), bodyFirstLine: end + 2 };
}

/** One guide: its front matter and body checked, then assembled into a document split into `##` sections. */
export function readDocument(
  file: ContentFile,
  settings: Readonly<Record<string, string>>,
  today: string,
  maxFileBytes: number,
  report: Report,
): { doc?: ContentDocument; source?: YamlSource; related?: RelatedCheck } {
  const bytes = Buffer.byteLength(file.text, 'utf8');
  if (bytes > maxFileBytes) {
    report('error', file.path, 1, 'file', `is ${bytes} bytes; the limit is ${maxFileBytes} (CONTENT_MAX_DOCUMENT_BYTES)`);
    return {};
  }
  const split = splitFrontMatter(file.text);
  if (!split) {
    report('error', file.path, 1, 'front matter', 'must start with a YAML block between two "---" lines');
    return {};
  }
  const lineInFile = (bodyLine: number) => bodyLine + split.bodyFirstLine - 1;
  // The body is checked whatever state the front matter is in, so one run lists every problem.
  checkBody(split.body, file.path, lineInFile, settings, report);
  const yaml = parseYaml(split.yaml, 2);
  if (!yaml.ok) {
    report('error', file.path, yaml.line, 'front matter', yaml.message);
    return {};
  }
  const source = yaml.source;
  const raw = (source.value ?? {}) as { id?: unknown; related?: unknown };
  const related: RelatedCheck | undefined = Array.isArray(raw.related)
    ? { file: file.path, selfId: String(raw.id ?? ''), ids: raw.related.map(String), lineOf: source.lineOf }
    : undefined;
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    zodProblems(parsed.error, file.path, source, report);
    return { related };
  }
  const fm = parsed.data;
  checkFrontMatter(fm, file.path, source, today, report);

  const sections: Section[] = splitSections(split.body)
    .filter((s) => s.text !== '')
    .map((s) => {
      const text = fillPlaceholders(s.text, settings);
      return { docId: fm.id, anchor: slugify(s.heading), heading: s.heading, text, steps: numberedSteps(text) };
    });
  checkQuestions(fm.questions, new Set(sections.map((s) => s.anchor)), file.path, source, report);
  const doc: ContentDocument = {
    id: fm.id,
    title: fm.title,
    kind: fm.kind,
    stage: fm.stage,
    summary: fm.summary,
    keywords: fm.keywords,
    synonyms: fm.synonyms,
    owner: fm.owner,
    lastReviewed: fm.last_reviewed,
    reviewDue: fm.review_due,
    source: fm.source,
    references: fm.references,
    related: fm.related,
    questions: fm.questions.map((x) => (x.section ? { text: x.q, section: x.section } : { text: x.q })),
    file: file.path,
    body: fillPlaceholders(split.body.trim(), settings),
    sections,
  };
  return { doc, source, related };
}
