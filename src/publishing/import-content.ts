import type { ContentFile } from '../content/content-pack.js';
import { readContentDir } from '../content/read-content-dir.js';
import type { ContentProblem } from '../content/types.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { buildSet, problemsOfChange, problemsOfLive, refuseIfErrors, retryOnConflict, type Actor, type PublishingDeps } from './content-set.js';

export interface ImportReport {
  readonly revision: number;
  readonly imported: readonly { readonly path: string; readonly version: number }[];
  readonly unchanged: number;
  /** Warnings of the imported files (errors refuse the import). */
  readonly warnings: readonly ContentProblem[];
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ name: 'system' });

/**
 * Imports content files as new versions; files identical to their latest
 * version are skipped. The live content with the files in place must have no
 * errors, or nothing is imported. The first import must be a whole pack
 * (every catalogue document).
 */
export async function importContent(deps: PublishingDeps, actor: Actor, files: readonly ContentFile[], changeNote: string): Promise<ImportReport> {
  return retryOnConflict(async () => {
    const latest = new Map((await deps.store.content.latest()).map((v) => [v.path, v]));
    const changed = files.filter((f) => latest.get(f.path)?.text !== f.text);
    const { revision, files: live } = await deps.store.content.liveFiles();
    if (changed.length === 0) return { revision, imported: [], unchanged: files.length, warnings: [] };

    const paths = new Set(changed.map((f) => f.path));
    const merged = [...live.filter((f) => !paths.has(f.path)), ...changed];
    const after = buildSet(merged, deps, { catalogue: revision === 0 });
    const problems = problemsOfChange(after.problems, problemsOfLive(deps, revision, live), paths);
    refuseIfErrors(problems, `the content to import (${changed.length} changed file(s))`);

    const docIds = new Map(after.pack.documents.map((d) => [d.file, d.id]));
    const result = await deps.store.content.append(
      changed.map((f) => ({ path: f.path, docId: docIds.get(f.path), action: 'import' as const, text: f.text })),
      { expectedRevision: revision, author: actor.name, changeNote, now: deps.clock.now(), audit: { actor: actor.name, action: 'import', detail: changeNote } },
    );
    return { revision: result.revision, imported: result.versions, unchanged: files.length - changed.length, warnings: problems };
  });
}

/**
 * On first start with an empty store, the content folder becomes version 1 of
 * everything. When several instances start together one import wins; the
 * others find the content there.
 */
export async function importDefaultContentIfEmpty(deps: PublishingDeps, contentDir: string, logger: Logger): Promise<void> {
  if ((await deps.store.content.revision()) > 0) {
    await warnIfFolderDiffers(deps, contentDir, logger);
    return;
  }
  const files = await readContentDir(contentDir);
  try {
    const report = await importContent(deps, SYSTEM_ACTOR, files, `default content pack from ${contentDir}`);
    logger.info({ files: report.imported.length, revision: report.revision }, 'content imported into the store as version 1');
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT' && (await deps.store.content.revision()) > 0) return;
    throw err;
  }
}

/**
 * Editing the folder no longer changes what the service answers once the store
 * has content; say so at start, so a developer is not left wondering.
 */
async function warnIfFolderDiffers(deps: PublishingDeps, contentDir: string, logger: Logger): Promise<void> {
  const files = await readContentDir(contentDir).catch(() => []);
  const latest = new Map((await deps.store.content.latest()).map((v) => [v.path, v.text]));
  const differing = files.filter((f) => latest.get(f.path) !== f.text).length;
  if (differing > 0) {
    logger.info({ files: differing, contentDir }, 'the content folder differs from the published content; answers come from the store (lma content import DIR publishes a folder)');
  }
}
