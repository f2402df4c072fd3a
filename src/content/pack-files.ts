import { isWellFormedHttpUrl } from './markdown.js';
import type { z } from 'zod';
import { zodProblems, type Report } from './problems.js';
import { declinesSchema, glossarySchema, planSchema, settingsSchema, stagesSchema } from './schemas.js';
import type { ContentFile, DeclineExample, GlossaryTerm, OutOfScopeReason, Plan, Stage } from './types.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

// Read before the guides, which are checked against them: placeholders against the settings, a guide's stage against the list.
export const SETTINGS_FILE = 'settings.yml';
export const STAGES_FILE = 'stages.yml';
export const DECLINES_FILE = 'out-of-scope.yml';
export const GLOSSARY_FILE = 'glossary.yml';

/**
 * A YAML file checked against its schema: the data and where each field is, or undefined with
 * every problem reported against `path`. `missing` stands in for an empty file.
 */
function readChecked<T>(text: string, path: string, schema: z.ZodType<T>, report: Report, missing: unknown = undefined): { data: T; source: YamlSource } | undefined {
  const yaml = parseYaml(text);
  if (!yaml.ok) {
    report('error', path, yaml.line, 'yaml', yaml.message);
    return undefined;
  }
  const parsed = schema.safeParse(yaml.source.value ?? missing);
  if (!parsed.success) {
    zodProblems(parsed.error, path, yaml.source, report);
    return undefined;
  }
  return { data: parsed.data, source: yaml.source };
}

export function readSettings(file: { text: string } | undefined, report: Report): Record<string, string> {
  if (!file) {
    report('error', SETTINGS_FILE, 0, 'file', 'the trust settings file is missing');
    return {};
  }
  const read = readChecked(file.text, SETTINGS_FILE, settingsSchema, report, {});
  if (!read) return {};
  const { data, source } = read;
  for (const [key, value] of Object.entries(data)) {
    if (key.endsWith('_url') && value.trim() !== '' && !isWellFormedHttpUrl(value) && !/^mailto:[^@\s]+@[^@\s]+$/.test(value)) {
      report('error', SETTINGS_FILE, source.lineOf([key]), key, `"${value}" is not a well-formed https:// or mailto: link`);
    }
  }
  return Object.freeze({ ...data });
}

export function readDeclines(file: { text: string } | undefined, report: Report): DeclineExample[] {
  if (!file) return [];
  const read = readChecked(file.text, DECLINES_FILE, declinesSchema, report, {});
  return Object.entries(read?.data ?? {}).flatMap(([reason, list]) => list.map((text) => ({ reason: reason as OutOfScopeReason, text })));
}

export function readGlossary(file: { text: string } | undefined, report: Report): GlossaryTerm[] {
  if (!file) return [];
  const read = readChecked(file.text, GLOSSARY_FILE, glossarySchema, report, {});
  return Object.entries(read?.data.terms ?? {}).map(([term, meaning]) => ({ term, meaning }));
}

export function readStages(file: { text: string } | undefined, report: Report): Stage[] {
  if (!file) {
    report('error', STAGES_FILE, 0, 'file', 'the life-cycle stage list is missing');
    return [];
  }
  const read = readChecked(file.text, STAGES_FILE, stagesSchema, report);
  if (!read) return [];
  const seen = new Set<string>();
  read.data.forEach((s, i) => {
    if (seen.has(s.id)) report('error', STAGES_FILE, read.source.lineOf([i, 'id']), `[${i}].id`, `duplicate stage id "${s.id}"`);
    seen.add(s.id);
  });
  return read.data;
}

export function readPlan(file: ContentFile, docIds: ReadonlyMap<string, string>, report: Report): Plan | undefined {
  const read = readChecked(file.text, file.path, planSchema, report);
  if (!read) return undefined;
  const { data: p, source } = read;
  if (!docIds.has(p.guide)) report('error', file.path, source.lineOf(['guide']), 'guide', `unknown document id "${p.guide}"`);
  const seen = new Set<string>();
  p.steps.forEach((s, i) => {
    if (seen.has(s.id)) report('error', file.path, source.lineOf(['steps', i, 'id']), `steps[${i}].id`, `duplicate step id "${s.id}"`);
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
