import path from 'node:path';
import { buildContentPack } from '../../src/content/content-pack.js';
import { readContentDir } from '../../src/content/read-content-dir.js';
import type { ContentPack } from '../../src/content/types.js';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { REPO_ROOT } from './test-server.js';

let cached: Promise<ContentPack> | undefined;

/** The default content pack, read once per test run. */
export function defaultPack(): Promise<ContentPack> {
  cached ??= readContentDir(path.join(REPO_ROOT, 'content')).then((files) => buildContentPack(files, { today: '2026-12-01' }).pack);
  return cached;
}

export async function defaultKnowledge(): Promise<KnowledgeBase> {
  return createKnowledgeBase(await defaultPack());
}
