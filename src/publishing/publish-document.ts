import type { ContentFile } from '../content/content-pack.js';
import type { ContentDocument, ContentPack, ContentProblem } from '../content/types.js';
import { AppError } from '../errors.js';
import type { AppendResult, StoredVersion } from '../store/content-store.js';
import {
  buildSet,
  ContentRejected,
  DOC_ID_PATTERN,
  errorsIn,
  newDocumentPath,
  problemsOfLive,
  problemsOfChange,
  refuseIfErrors,
  retryOnConflict,
  withFile,
  type Actor,
  type PublishingDeps,
} from './content-set.js';

export interface DraftCheck {
  readonly ok: boolean;
  /** Every problem in the draft, and errors it causes elsewhere; errors first within a file. */
  readonly problems: readonly ContentProblem[];
  /** The live content with the draft in place (for a preview); undefined documents when it did not parse. */
  readonly pack: ContentPack;
  readonly document: ContentDocument | undefined;
  /** The revision the draft was checked against. */
  readonly revision: number;
  readonly path: string;
  /** The document's latest stored version, if it has one. */
  readonly current: StoredVersion | undefined;
}

/** How a publish made on someone's behalf by another use-case is checked and recorded. */
export interface PublishOptions {
  /** The version the draft was made from: if another version landed since, CONFLICT (the caller edits again). */
  readonly baseVersion?: number;
  /** The audit row's action and detail, when not 'publish' and the change note. */
  readonly audit?: { readonly action: string; readonly detail: string };
}

export interface PublishedVersion {
  readonly id: string;
  readonly version: number;
  /** Warnings the published version still has (errors refuse the publish). */
  readonly warnings: readonly ContentProblem[];
}

/**
 * Checks a draft of one document with the same rules as `lma content
 * validate`, over the live content with the draft swapped in, so rules across
 * documents (related ids, plan guides, duplicate ids) apply too.
 */
export async function validateDraft(deps: PublishingDeps, docId: string, markdown: string): Promise<DraftCheck> {
  checkDocId(docId);
  const { revision, files } = await deps.store.content.liveFiles();
  const path = (await deps.store.content.pathOf(docId)) ?? newDocumentPath(docId);
  const current = (await deps.store.content.history(path))[0];
  if (current && current.docId !== docId) {
    // A new document whose natural file name another document already uses.
    throw new AppError('CONFLICT', `${path} already holds the document "${current.docId ?? path}"; choose another id`);
  }
  return checkAgainst(deps, { revision, files, path, current }, docId, markdown);
}

function checkAgainst(
  deps: PublishingDeps,
  live: { revision: number; files: readonly ContentFile[]; path: string; current: StoredVersion | undefined },
  docId: string,
  markdown: string,
): DraftCheck {
  const before = problemsOfLive(deps, live.revision, live.files);
  const after = buildSet(withFile(live.files, live.path, markdown), deps);
  const problems = problemsOfChange(after.problems, before, new Set([live.path]));
  const document = after.pack.documents.find((d) => d.file === live.path);
  if (document && document.id !== docId) {
    const line = markdown.split('\n').findIndex((l) => /^id\s*:/.test(l)) + 1;
    problems.unshift({ severity: 'error', file: live.path, line: line || 1, field: 'id', message: `must be "${docId}", the document being edited` });
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { ok: errorsIn(problems).length === 0, problems, pack: after.pack, document, revision: live.revision, path: live.path, current: live.current };
}

/** Publishes a new version of a document; on any error nothing is published and every error is listed. */
export async function publishDocument(
  deps: PublishingDeps,
  actor: Actor,
  docId: string,
  markdown: string,
  changeNote: string,
  options: PublishOptions = {},
): Promise<PublishedVersion> {
  const note = requireNote(changeNote);
  return retryOnConflict(async () => {
    const check = await validateDraft(deps, docId, markdown);
    if (options.baseVersion !== undefined && check.current?.version !== options.baseVersion) {
      throw new StaleDraft(`"${docId}" changed (now version ${check.current?.version ?? 0}) since version ${options.baseVersion} was read; try again`);
    }
    refuseIfErrors(check.problems, `the draft of "${docId}"`);
    if (check.current && check.current.action !== 'retire' && check.current.text === markdown) {
      throw new AppError('VALIDATION', `the draft of "${docId}" is the same as its live version ${check.current.version}; nothing to publish`);
    }
    const result = await append(deps, actor, check.revision, { path: check.path, docId, action: 'publish', text: markdown }, note, options.audit);
    return { id: docId, version: result.versions[0]!.version, warnings: check.problems };
  }, 3, (err) => !(err instanceof StaleDraft));
}

/** A draft made from a version that is no longer the latest: publishing it would undo the newer one. */
export class StaleDraft extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** Takes a document out of the live content (its versions stay). Refused while other content depends on it. */
export async function retireDocument(deps: PublishingDeps, actor: Actor, docId: string, changeNote: string): Promise<PublishedVersion> {
  const note = requireNote(changeNote);
  return retryOnConflict(async () => {
    const current = await latestOf(deps, docId);
    if (current.action === 'retire') throw new AppError('VALIDATION', `"${docId}" is already retired (version ${current.version})`);
    const { revision, files } = await deps.store.content.liveFiles();
    const problems = problemsOfChange(buildSet(withFile(files, current.path, undefined), deps).problems, problemsOfLive(deps, revision, files), new Set());
    if (errorsIn(problems).length > 0) {
      throw new ContentRejected(`retiring "${docId}" would leave ${errorsIn(problems).length} error(s) in other content; nothing was changed`, problems);
    }
    const result = await append(deps, actor, revision, { path: current.path, docId, action: 'retire', text: current.text }, note);
    return { id: docId, version: result.versions[0]!.version, warnings: [] };
  });
}

/** Makes an earlier version live again, as a new version; it is checked like any draft. */
export async function restoreVersion(deps: PublishingDeps, actor: Actor, docId: string, version: number, changeNote: string): Promise<PublishedVersion> {
  const note = requireNote(changeNote);
  return retryOnConflict(async () => {
    const current = await latestOf(deps, docId);
    const old = await deps.store.content.version(current.path, version);
    if (!old) throw new AppError('NOT_FOUND', `"${docId}" has no version ${version}`);
    const { revision, files } = await deps.store.content.liveFiles();
    const check = checkAgainst(deps, { revision, files, path: current.path, current }, docId, old.text);
    refuseIfErrors(check.problems, `version ${version} of "${docId}"`);
    const result = await append(deps, actor, revision, { path: current.path, docId, action: 'restore', text: old.text }, note, { action: 'restore', detail: `restored version ${version}` });
    return { id: docId, version: result.versions[0]!.version, warnings: check.problems };
  });
}

export async function latestOf(deps: PublishingDeps, docId: string): Promise<StoredVersion> {
  checkDocId(docId);
  const path = await deps.store.content.pathOf(docId);
  const current = path ? (await deps.store.content.history(path))[0] : undefined;
  if (!current) throw new AppError('NOT_FOUND', `there is no document "${docId}"`);
  return current;
}

function append(
  deps: PublishingDeps,
  actor: Actor,
  expectedRevision: number,
  version: { path: string; docId: string; action: 'publish' | 'retire' | 'restore'; text: string },
  changeNote: string,
  audit?: { action: string; detail: string },
): Promise<AppendResult> {
  return deps.store.content.append([version], {
    expectedRevision,
    author: actor.name,
    changeNote,
    now: deps.clock.now(),
    audit: { actor: actor.name, action: audit?.action ?? version.action, detail: audit?.detail ?? changeNote },
  });
}

function requireNote(changeNote: string): string {
  const note = changeNote.replace(/\s+/g, ' ').trim();
  if (!note) throw new AppError('VALIDATION', 'a change note is required: say what changed and why');
  if (note.length > 500) throw new AppError('VALIDATION', 'the change note is longer than 500 characters');
  return note;
}

function checkDocId(docId: string): void {
  if (!DOC_ID_PATTERN.test(docId) || docId.length > 80) {
    throw new AppError('VALIDATION', `"${docId.slice(0, 80)}" is not a document id (lower-case words joined by hyphens)`);
  }
}
