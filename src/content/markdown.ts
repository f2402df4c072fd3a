/** Small, dependency-free helpers over the Markdown our documents use. */

export interface RawSection {
  readonly heading: string;
  /** 1-based line of the heading within the body (the opening text starts at line 1). */
  readonly line: number;
  readonly text: string;
}

export const OPENING_HEADING = 'Overview';

/** Splits a body into the opening text and its `##` sections. */
export function splitSections(body: string): RawSection[] {
  const lines = body.split('\n');
  const sections: RawSection[] = [];
  let heading = OPENING_HEADING;
  let start = 1;
  let buffer: string[] = [];
  const flush = () => sections.push({ heading, line: start, text: buffer.join('\n').trim() });
  lines.forEach((line, i) => {
    const m = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (m && !line.startsWith('###')) {
      flush();
      heading = m[1]!;
      start = i + 1;
      buffer = [];
    } else {
      buffer.push(line);
    }
  });
  flush();
  return sections;
}

/** Items of the first numbered list in a block of Markdown (continuation lines folded in). */
export function numberedSteps(text: string): string[] {
  const steps: string[] = [];
  let inList = false;
  for (const line of text.split('\n')) {
    const m = /^\s{0,3}\d+[.)]\s+(.*)$/.exec(line);
    if (m) {
      steps.push(m[1]!.trim());
      inList = true;
    } else if (inList && /^\s{2,}\S/.test(line)) {
      steps[steps.length - 1] += ' ' + line.trim();
    } else if (inList && line.trim() !== '') {
      break;
    }
  }
  return steps;
}

/** The text of a block of Markdown without its first numbered list (what surrounds the steps). */
export function withoutNumberedSteps(text: string): string {
  const out: string[] = [];
  let state: 'before' | 'in' | 'after' = 'before';
  for (const line of text.split('\n')) {
    const item = /^\s{0,3}\d+[.)]\s+/.test(line);
    if (state === 'before' && item) state = 'in';
    if (state === 'in') {
      if (item || /^\s{2,}\S/.test(line) || line.trim() === '') continue;
      state = 'after';
    }
    out.push(line);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

export function slugify(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-');
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

export const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]*)\s*\}\}/g;

export interface Found {
  readonly value: string;
  /** 1-based line within the text. */
  readonly line: number;
}

export function findPlaceholders(text: string): Found[] {
  return findAll(text, PLACEHOLDER, 1);
}

/** Targets of inline Markdown links and images: `[text](target)`. */
export function findLinks(text: string): Found[] {
  return findAll(text, /!?\[[^\]]*\]\(\s*([^)\s]*)[^)]*\)/g, 1);
}

function findAll(text: string, pattern: RegExp, group: number): Found[] {
  const found: Found[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(new RegExp(pattern.source, pattern.flags))) {
      found.push({ value: m[group] ?? '', line: i + 1 });
    }
  });
  return found;
}

/** Fills `{{name}}` placeholders; an unknown or empty one becomes neutral wording, never the raw braces. */
export function fillPlaceholders(text: string, settings: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    const value = settings[name];
    return value && value.trim() !== '' ? value : UNFILLED_WORDING;
  });
}

export const UNFILLED_WORDING = 'your HR team';

export function isWellFormedHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}
