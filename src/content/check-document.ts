import {
  findLinks,
  findPlaceholders,
  isWellFormedHttpUrl,
  numberedSteps,
  OPENING_HEADING,
  slugify,
  splitSections,
  wordCount,
} from './markdown.js';
import { SETTINGS_FILE } from './pack-files.js';
import type { Report } from './problems.js';
import type { FrontMatter } from './schemas.js';
import type { YamlSource } from './yaml-source.js';

export const LIMITS = Object.freeze({ maxFileBytes: 64 * 1024, minWords: 300, maxWords: 900 });
const REQUIRED_SECTIONS = ['What to do', 'What you need to know', 'Where to get help'] as const;

/** Related ids are checked after every file is read, even when a file's other fields are broken. */
export interface RelatedCheck {
  readonly file: string;
  readonly selfId: string;
  readonly ids: readonly string[];
  readonly lineOf: YamlSource['lineOf'];
}

export function checkRelated(checks: readonly RelatedCheck[], knownIds: ReadonlySet<string>, report: Report) {
  for (const check of checks) {
    check.ids.forEach((id, i) => {
      if (id === check.selfId) report('error', check.file, check.lineOf(['related', i]), `related[${i}]`, 'a document cannot be related to itself');
      else if (!knownIds.has(id)) report('error', check.file, check.lineOf(['related', i]), `related[${i}]`, `unknown document id "${id}"`);
    });
  }
}

export function checkFrontMatter(fm: FrontMatter, file: string, source: YamlSource, today: string, report: Report) {
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

/** A guide's example questions: each names a section it has, and none is listed twice (ignoring case and spacing). */
export function checkQuestions(questions: FrontMatter['questions'], anchors: ReadonlySet<string>, file: string, source: YamlSource, report: Report) {
  const seen = new Set<string>();
  questions.forEach((x, i) => {
    if (x.section && !anchors.has(x.section)) {
      report('error', file, source.lineOf(['questions', i, 'section']), `questions[${i}].section`, `unknown section "${x.section}" (sections: ${[...anchors].join(', ')})`);
    }
    const key = x.q.toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) report('warning', file, source.lineOf(['questions', i]), `questions[${i}]`, 'repeats an earlier question');
    seen.add(key);
  });
}

export function checkBody(
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
