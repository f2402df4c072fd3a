import type { z } from 'zod';
import { CATALOGUE_IDS } from './catalogue.js';
import {
  fillPlaceholders,
  findLinks,
  findPlaceholders,
  isWellFormedHttpUrl,
  numberedSteps,
  OPENING_HEADING,
  slugify,
  splitSections,
  wordCount,
} from './markdown.js';
import { declinesSchema, frontMatterSchema, planSchema, settingsSchema, stagesSchema, type FrontMatter } from './schemas.js';
import type { ContentDocument, ContentPack, ContentProblem, DeclineExample, OutOfScopeReason, Plan, Section, Stage } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

/** One file of a content pack, as read from disk or from the store. */
export interface ContentFile {
  /** Relative to the content folder, forward slashes ("docs/menopause.md"). */
  readonly path: string;
  readonly text: string;
}

export interface BuildOptions {
  /** Today's date (YYYY-MM-DD), for the review-due check. */
  readonly today: string;
  /** Ids that must be present; the catalogue by default. */
  readonly requiredIds?: readonly string[];
  /** Largest document accepted (CONTENT_MAX_DOCUMENT_BYTES); LIMITS.maxFileBytes by default. */
  readonly maxFileBytes?: number;
}

export interface BuildResult {
  readonly pack: ContentPack;
  readonly problems: readonly ContentProblem[];
}

export const SETTINGS_FILE = 'settings.yml';
export const STAGES_FILE = 'stages.yml';
export const DECLINES_FILE = 'out-of-scope.yml';
export const LIMITS = Object.freeze({ maxFileBytes: 64 * 1024, minWords: 300, maxWords: 900 });
const REQUIRED_SECTIONS = ['What to do', 'What you need to know', 'Where to get help'] as const;

/**
 * Turns content files into a typed pack and lists every problem found. Pure:
 * the same files always give the same result, so the CLI, the service and
 * publishing all share it.
 */
export function buildContentPack(files: readonly ContentFile[], options: BuildOptions): BuildResult {
  const problems: ContentProblem[] = [];
  const report = (severity: ContentProblem['severity'], file: string, line: number, field: string, message: string) =>
    problems.push({ severity, file, line, field, message });

  const byPath = new Map(files.map((f) => [f.path, f]));
  const settings = readSettings(byPath.get(SETTINGS_FILE), report);
  const stages = readStages(byPath.get(STAGES_FILE), report);
  const declines = readDeclines(byPath.get(DECLINES_FILE), report);

  const documents: ContentDocument[] = [];
  const used = new Map<string, string>();
  const relatedChecks: RelatedCheck[] = [];
  for (const file of files) {
    if (!file.path.endsWith('.md') || /(^|\/)README\.md$/i.test(file.path)) continue;
    const parsed = readDocument(file, settings, options.today, options.maxFileBytes ?? LIMITS.maxFileBytes, report);
    if (parsed.related) relatedChecks.push(parsed.related);
    const { doc, source } = parsed;
    if (!doc || !source) continue;
    const earlier = used.get(doc.id);
    if (earlier) {
      report('error', file.path, source.lineOf(['id']), 'id', `duplicate id "${doc.id}" (also in ${earlier})`);
      continue;
    }
    used.set(doc.id, file.path);
    if (stages.length > 0 && !stages.some((s) => s.id === doc.stage)) {
      report('error', file.path, source.lineOf(['stage']), 'stage', `unknown stage "${doc.stage}" (see ${STAGES_FILE})`);
    }
    documents.push(doc);
  }
  const knownIds = new Set([...used.keys(), ...relatedChecks.map((c) => c.selfId)]);
  for (const check of relatedChecks) {
    check.ids.forEach((id, i) => {
      if (id === check.selfId) report('error', check.file, check.lineOf(['related', i]), `related[${i}]`, 'a document cannot be related to itself');
      else if (!knownIds.has(id)) report('error', check.file, check.lineOf(['related', i]), `related[${i}]`, `unknown document id "${id}"`);
    });
  }

  for (const id of options.requiredIds ?? CATALOGUE_IDS) {
    if (!used.has(id)) report('error', '.', 0, 'id', `required catalogue document "${id}" is missing`);
  }

  const plans: Plan[] = [];
  for (const file of files) {
    if (!/^plans\/[^/]+\.ya?ml$/.test(file.path)) continue;
    const plan = readPlan(file, used, report);
    if (plan) plans.push(plan);
  }

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { pack: Object.freeze({ documents, declines, stages, plans, settings }), problems };
}

/** Related ids are checked after every file is read, even when a file's other fields are broken. */
interface RelatedCheck {
  readonly file: string;
  readonly selfId: string;
  readonly ids: readonly string[];
  readonly lineOf: YamlSource['lineOf'];
}

type Report = (severity: ContentProblem['severity'], file: string, line: number, field: string, message: string) => void;

function zodProblems(error: z.ZodError, file: string, source: YamlSource, report: Report, prefix: readonly PropertyKey[] = []) {
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    const field = path.length ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : (i ? '.' : '') + String(p))).join('') : 'file';
    const message =
      issue.code === 'invalid_type' && issue.input === undefined
        ? 'is required'
        : issue.code === 'unrecognized_keys'
          ? `unknown field(s): ${issue.keys.join(', ')}`
          : issue.message;
    report('error', file, source.lineOf(path), field, message);
  }
}

function readSettings(file: { text: string } | undefined, report: Report): Record<string, string> {
  if (!file) {
    report('error', SETTINGS_FILE, 0, 'file', 'the trust settings file is missing');
    return {};
  }
  const yaml = parseYaml(file.text);
  if (!yaml.ok) {
    report('error', SETTINGS_FILE, yaml.line, 'yaml', yaml.message);
    return {};
  }
  const parsed = settingsSchema.safeParse(yaml.source.value ?? {});
  if (!parsed.success) {
    zodProblems(parsed.error, SETTINGS_FILE, yaml.source, report);
    return {};
  }
  for (const [key, value] of Object.entries(parsed.data)) {
    if (key.endsWith('_url') && value.trim() !== '' && !isWellFormedHttpUrl(value) && !/^mailto:[^@\s]+@[^@\s]+$/.test(value)) {
      report('error', SETTINGS_FILE, yaml.source.lineOf([key]), key, `"${value}" is not a well-formed https:// or mailto: link`);
    }
  }
  return Object.freeze({ ...parsed.data });
}

function readDeclines(file: { text: string } | undefined, report: Report): DeclineExample[] {
  if (!file) return [];
  const yaml = parseYaml(file.text);
  if (!yaml.ok) {
    report('error', DECLINES_FILE, yaml.line, 'yaml', yaml.message);
    return [];
  }
  const parsed = declinesSchema.safeParse(yaml.source.value ?? {});
  if (!parsed.success) {
    zodProblems(parsed.error, DECLINES_FILE, yaml.source, report);
    return [];
  }
  return Object.entries(parsed.data).flatMap(([reason, list]) => list.map((text) => ({ reason: reason as OutOfScopeReason, text })));
}

function readStages(file: { text: string } | undefined, report: Report): Stage[] {
  if (!file) {
    report('error', STAGES_FILE, 0, 'file', 'the life-cycle stage list is missing');
    return [];
  }
  const yaml = parseYaml(file.text);
  if (!yaml.ok) {
    report('error', STAGES_FILE, yaml.line, 'yaml', yaml.message);
    return [];
  }
  const parsed = stagesSchema.safeParse(yaml.source.value);
  if (!parsed.success) {
    zodProblems(parsed.error, STAGES_FILE, yaml.source, report);
    return [];
  }
  const seen = new Set<string>();
  parsed.data.forEach((s, i) => {
    if (seen.has(s.id)) report('error', STAGES_FILE, yaml.source.lineOf([i, 'id']), `[${i}].id`, `duplicate stage id "${s.id}"`);
    seen.add(s.id);
  });
  return parsed.data;
}

function splitFrontMatter(text: string): { yaml: string; body: string; bodyFirstLine: number } | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return undefined;
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n'), bodyFirstLine: end + 2 };
}

function readDocument(
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
  const anchors = new Set(sections.map((s) => s.anchor));
  const seenQuestions = new Set<string>();
  fm.questions.forEach((x, i) => {
    if (x.section && !anchors.has(x.section)) {
      report('error', file.path, source.lineOf(['questions', i, 'section']), `questions[${i}].section`, `unknown section "${x.section}" (sections: ${[...anchors].join(', ')})`);
    }
    const key = x.q.toLowerCase().replace(/\s+/g, ' ');
    if (seenQuestions.has(key)) report('warning', file.path, source.lineOf(['questions', i]), `questions[${i}]`, 'repeats an earlier question');
    seenQuestions.add(key);
  });
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

function checkFrontMatter(fm: FrontMatter, file: string, source: YamlSource, today: string, report: Report) {
  if (fm.review_due <= fm.last_reviewed) {
    report('error', file, source.lineOf(['review_due']), 'review_due', `must be after last_reviewed (${fm.last_reviewed})`);
  } else if (fm.review_due < today) {
    report('warning', file, source.lineOf(['review_due']), 'review_due', `review was due on ${fm.review_due}`);
  }
  if (fm.last_reviewed > today) {
    report('error', file, source.lineOf(['last_reviewed']), 'last_reviewed', `is in the future (${fm.last_reviewed})`);
  }
  const links: [PropertyKey[], string][] = [
    [['source', 'url'], fm.source.url],
    ...fm.references.map((r, i): [PropertyKey[], string] => [['references', i, 'url'], r.url]),
  ];
  for (const [path, url] of links) {
    if (!isWellFormedHttpUrl(url)) {
      report('error', file, source.lineOf(path), path.map(String).join('.'), `"${url}" is not a well-formed http(s) URL`);
    }
  }
  for (const field of ['title', 'summary'] as const) {
    for (const p of findPlaceholders(fm[field])) {
      report('error', file, source.lineOf([field]), field, `placeholders are for the body only ({{${p.value}}})`);
    }
  }
}

function checkBody(
  body: string,
  file: string,
  lineInFile: (bodyLine: number) => number,
  settings: Readonly<Record<string, string>>,
  report: Report,
) {
  const sections = splitSections(body);
  const opening = sections[0]!;
  if (opening.heading !== OPENING_HEADING || opening.text === '') {
    report('error', file, lineInFile(1), 'body', 'must start with a short opening paragraph before the first "##" section');
  }
  body.split('\n').forEach((line, i) => {
    if (/^#\s/.test(line)) report('error', file, lineInFile(i + 1), 'body', 'use "##" headings; the title comes from the front matter');
  });

  let previous = -1;
  for (const name of REQUIRED_SECTIONS) {
    const index = sections.findIndex((s) => s.heading.toLowerCase() === name.toLowerCase());
    if (index < 0) {
      report('error', file, lineInFile(1), 'body', `missing the "## ${name}" section`);
      continue;
    }
    const section = sections[index]!;
    if (index < previous) report('error', file, lineInFile(section.line), 'body', `"## ${name}" is out of order`);
    previous = Math.max(previous, index);
    if (section.text === '') report('error', file, lineInFile(section.line), 'body', `"## ${name}" is empty`);
    if (name === 'What to do' && numberedSteps(section.text).length === 0) {
      report('error', file, lineInFile(section.line), 'body', '"## What to do" must contain a numbered list of steps');
    }
  }
  const headings = new Set<string>();
  for (const s of sections) {
    const slug = slugify(s.heading);
    if (headings.has(slug)) report('error', file, lineInFile(s.line), 'body', `duplicate section "## ${s.heading}"`);
    headings.add(slug);
  }

  for (const p of findPlaceholders(body)) {
    if (!(p.value in settings)) {
      report('error', file, lineInFile(p.line), 'body', `unknown placeholder {{${p.value}}} (not in ${SETTINGS_FILE})`);
    } else if ((settings[p.value] ?? '').trim() === '') {
      report('warning', file, lineInFile(p.line), 'body', `placeholder {{${p.value}}} is not filled in ${SETTINGS_FILE}`);
    }
  }
  for (const link of findLinks(body)) {
    if (!isWellFormedHttpUrl(link.value)) {
      report('error', file, lineInFile(link.line), 'body', `link "${link.value}" is not a well-formed http(s) URL`);
    }
  }
  const words = wordCount(body);
  if (words < LIMITS.minWords || words > LIMITS.maxWords) {
    report('warning', file, lineInFile(1), 'body', `has ${words} words; aim for ${LIMITS.minWords} to ${LIMITS.maxWords}`);
  }
}

function readPlan(file: ContentFile, docIds: ReadonlyMap<string, string>, report: Report): Plan | undefined {
  const yaml = parseYaml(file.text);
  if (!yaml.ok) {
    report('error', file.path, yaml.line, 'yaml', yaml.message);
    return undefined;
  }
  const parsed = planSchema.safeParse(yaml.source.value);
  if (!parsed.success) {
    zodProblems(parsed.error, file.path, yaml.source, report);
    return undefined;
  }
  const p = parsed.data;
  if (!docIds.has(p.guide)) report('error', file.path, yaml.source.lineOf(['guide']), 'guide', `unknown document id "${p.guide}"`);
  const seen = new Set<string>();
  p.steps.forEach((s, i) => {
    if (seen.has(s.id)) report('error', file.path, yaml.source.lineOf(['steps', i, 'id']), `steps[${i}].id`, `duplicate step id "${s.id}"`);
    seen.add(s.id);
  });
  return {
    id: p.id,
    title: p.title,
    guide: p.guide,
    steps: p.steps.map((s) => ({
      id: s.id,
      title: s.title,
      ...(s.offset_days === undefined ? {} : { offsetDays: s.offset_days }),
      summary: s.summary,
      actions: s.actions,
      questions: s.questions,
    })),
  };
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}${p.severity === 'warning' ? ' (warning)' : ''}`;
}
