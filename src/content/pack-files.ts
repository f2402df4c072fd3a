import { isWellFormedHttpUrl } from './markdown.js';
import { zodProblems, type Report } from './problems.js';
import { declinesSchema, glossarySchema, planSchema, settingsSchema, stagesSchema } from './schemas.js';
import type { ContentFile, DeclineExample, GlossaryTerm, OutOfScopeReason, Plan, Stage } from './types.js';
import { parseYaml } from './yaml-source.js';

// Read before the guides, which are checked against them: placeholders against the settings, a guide's stage against the list.
export const SETTINGS_FILE = 'settings.yml';
export const STAGES_FILE = 'stages.yml';
export const DECLINES_FILE = 'out-of-scope.yml';
export const GLOSSARY_FILE = 'glossary.yml';

export function readSettings(file: { text: string } | undefined, report: Report): Record<string, string> {
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

export function readDeclines(file: { text: string } | undefined, report: Report): DeclineExample[] {
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

export function readGlossary(file: { text: string } | undefined, report: Report): GlossaryTerm[] {
  if (!file) return [];
  const yaml = parseYaml(file.text);
  if (!yaml.ok) {
    report('error', GLOSSARY_FILE, yaml.line, 'yaml', yaml.message);
    return [];
  }
  const parsed = glossarySchema.safeParse(yaml.source.value ?? {});
  if (!parsed.success) {
    zodProblems(parsed.error, GLOSSARY_FILE, yaml.source, report);
    return [];
  }
  return Object.entries(parsed.data.terms).map(([term, meaning]) => ({ term, meaning }));
}

export function readStages(file: { text: string } | undefined, report: Report): Stage[] {
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

export function readPlan(file: ContentFile, docIds: ReadonlyMap<string, string>, report: Report): Plan | undefined {
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
