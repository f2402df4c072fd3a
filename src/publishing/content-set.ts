import { contentPackSteps, formatProblem, type BuildResult, type ContentFile } from '../content/content-pack.js';
import { runSteps, type Steps } from '../steps.js';
import type { ContentProblem } from '../content/types.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/** What every publishing use-case needs: the store's content versions and audit log, and a clock. */
export interface PublishingDeps {
  readonly store: Pick<Store, 'content' | 'audit'>;
  /** Content is checked against the real date (review due, last reviewed in the future). */
  readonly clock: Clock;
  /** CONTENT_MAX_DOCUMENT_BYTES; the validator's default when absent. */
  readonly maxDocumentBytes?: number | undefined;
}

/** The rules content is checked by: the date, and the largest document accepted. */
export type ContentRules = Pick<PublishingDeps, 'clock' | 'maxDocumentBytes'>;

/** Who is acting: recorded as the author of versions and the actor in the audit log. */
export interface Actor {
  /** Email when known, otherwise the Entra object id. */
  readonly name: string;
}

export const DOC_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Where a new document is stored; existing ones keep the path they were imported with. */
export function newDocumentPath(docId: string): string {
  return `docs/${docId}.md`;
}

export function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

/**
 * Builds a set of files with the validator every path shares (`lma content
 * validate`). Completeness of the national catalogue is checked when a whole
 * pack is first imported; after that HR may retire a catalogue document, so
 * the live set is not required to hold every catalogue id.
 */
export function buildSet(files: readonly ContentFile[], rules: ContentRules, options: { catalogue?: boolean } = {}): BuildResult {
  return runSteps(buildSetSteps(files, rules, options));
}

/** The same in slices, one document each (live reload). */
export function buildSetSteps(files: readonly ContentFile[], rules: ContentRules, options: { catalogue?: boolean } = {}): Steps<BuildResult> {
  return contentPackSteps(files, {
    today: today(rules.clock),
    ...(rules.maxDocumentBytes ? { maxFileBytes: rules.maxDocumentBytes } : {}),
    ...(options.catalogue ? {} : { requiredIds: [] }),
  });
}

// Checking the live content again for every draft would double the cost of a check; versions never
// change, so the live content's problems are kept per store and revision.
const liveProblems = new WeakMap<object, { revision: number; day: string; problems: readonly ContentProblem[] }>();

/** The problems of the live content at `revision` (remembered for the latest revision seen). */
export function problemsOfLive(deps: PublishingDeps, revision: number, files: readonly ContentFile[]): readonly ContentProblem[] {
  const day = today(deps.clock);
  const cached = liveProblems.get(deps.store.content);
  if (cached && cached.revision === revision && cached.day === day) return cached.problems;
  const problems = buildSet(files, deps).problems;
  liveProblems.set(deps.store.content, { revision, day, problems });
  return problems;
}

/** Files with one path replaced (or added, or, with `text` undefined, removed). */
export function withFile(files: readonly ContentFile[], path: string, text: string | undefined): ContentFile[] {
  const rest = files.filter((f) => f.path !== path);
  return text === undefined ? rest : [...rest, { path, text }].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The problems a change is responsible for: everything in the changed files,
 * plus errors elsewhere that the live content did not already have (a removed
 * id that another document relates to, for example).
 */
export function problemsOfChange(after: readonly ContentProblem[], before: readonly ContentProblem[], changed: ReadonlySet<string>): ContentProblem[] {
  const existing = new Set(before.map(formatProblem));
  return after.filter((p) => changed.has(p.file) || (p.severity === 'error' && !existing.has(formatProblem(p))));
}

export function errorsIn(problems: readonly ContentProblem[]): ContentProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

/** Refuses a change that has errors, listing every one. */
export function refuseIfErrors(problems: readonly ContentProblem[], what: string): void {
  const errors = errorsIn(problems);
  if (errors.length > 0) {
    throw new ContentRejected(`${what} has ${errors.length} error(s); nothing was published`, problems);
  }
}

/** A CONTENT_INVALID error that keeps the problems as data, for the API's structured report. */
export class ContentRejected extends AppError {
  constructor(
    message: string,
    readonly problems: readonly ContentProblem[],
  ) {
    super('CONTENT_INVALID', message, errorsIn(problems).map(formatProblem));
  }
}

/**
 * Runs a read-check-append step again when another change landed in between
 * (the store refuses an append made against an older revision). Conflicts
 * `retryable` turns down are left to the caller (which may need to redo more).
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 3, retryable: (err: AppError) => boolean = () => true): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (err) {
      if (i >= attempts || !(err instanceof AppError) || err.code !== 'CONFLICT' || !retryable(err)) throw err;
    }
  }
}
