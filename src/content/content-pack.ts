import { CATALOGUE_IDS } from './catalogue.js';
import { checkRelated, LIMITS, type RelatedCheck } from './check-document.js';
import { DECLINES_FILE, GLOSSARY_FILE, readDeclines, readGlossary, readPlan, readSettings, readStages, SETTINGS_FILE, STAGES_FILE } from './pack-files.js';
import type { Report } from './problems.js';
import { readDocument } from './read-document.js';
import type { ContentDocument, ContentFile, ContentPack, ContentProblem, Plan } from './types.js';
import { runSteps, type Steps } from '../steps.js';

export { LIMITS } from './check-document.js';
export { DECLINES_FILE, GLOSSARY_FILE, SETTINGS_FILE, STAGES_FILE } from './pack-files.js';
export { formatProblem } from './problems.js';
export type { ContentFile } from './types.js';

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

/**
 * Turns content files into a typed pack and lists every problem found. Pure:
 * the same files always give the same result, so the CLI, the service and
 * publishing all share it.
 */
export function buildContentPack(files: readonly ContentFile[], options: BuildOptions): BuildResult {
  return runSteps(contentPackSteps(files, options));
}

/** The same, pausing after each document: a live reload lets requests through meanwhile. */
export function* contentPackSteps(files: readonly ContentFile[], options: BuildOptions): Steps<BuildResult> {
  const problems: ContentProblem[] = [];
  const report: Report = (severity, file, line, field, message) => problems.push({ severity, file, line, field, message });

  const byPath = new Map(files.map((f) => [f.path, f]));
  const settings = readSettings(byPath.get(SETTINGS_FILE), report);
  const stages = readStages(byPath.get(STAGES_FILE), report);
  const declines = readDeclines(byPath.get(DECLINES_FILE), report);
  const glossary = readGlossary(byPath.get(GLOSSARY_FILE), report);

  const documents: ContentDocument[] = [];
  const used = new Map<string, string>();
  const relatedChecks: RelatedCheck[] = [];
  for (const file of files) {
    if (!file.path.endsWith('.md') || /(^|\/)README\.md$/i.test(file.path)) continue;
    yield;
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
  checkRelated(relatedChecks, new Set([...used.keys(), ...relatedChecks.map((c) => c.selfId)]), report);

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
  return { pack: Object.freeze({ documents, declines, glossary, stages, plans, settings }), problems };
}
