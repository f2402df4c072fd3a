import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import type { ContentFile } from './content-pack.js';

/** Reads every .md and .yml file under a content folder (the disk edge of the content module). */
export async function readContentDir(dir: string): Promise<ContentFile[]> {
  let entries: string[];
  try {
    entries = (await fs.readdir(dir, { recursive: true })) as string[];
  } catch (err) {
    throw new AppError('CONTENT_INVALID', `cannot read content folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const wanted = entries.filter((e) => /\.(md|ya?ml)$/i.test(e)).sort();
  return Promise.all(
    wanted.map(async (rel) => ({
      path: rel.split(path.sep).join('/'),
      text: await fs.readFile(path.join(dir, rel), 'utf8'),
    })),
  );
}
