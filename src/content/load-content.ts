import { AppError } from '../errors.js';
import { buildContentPack, formatProblem } from './content-pack.js';
import { readContentDir } from './read-content-dir.js';
import type { ContentPack, ContentProblem } from './types.js';

export interface LoadedContent {
  readonly pack: ContentPack;
  readonly warnings: readonly ContentProblem[];
}

/** Reads and validates a content folder; any error stops the load with every problem listed. */
export async function loadContent(dir: string, today: Date, maxFileBytes?: number): Promise<LoadedContent> {
  const files = await readContentDir(dir);
  const { pack, problems } = buildContentPack(files, { today: today.toISOString().slice(0, 10), ...(maxFileBytes && { maxFileBytes }) });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new AppError('CONTENT_INVALID', `content in ${dir} has ${errors.length} error(s)`, errors.map(formatProblem));
  }
  return { pack, warnings: problems.filter((p) => p.severity === 'warning') };
}
