import { createTwoFilesPatch } from 'diff';
import { AppError } from '../errors.js';
import type { ContentAction } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { buildSet, today, type PublishingDeps } from './content-set.js';
import { latestOf } from './publish-document.js';

export interface DocumentSummary {
  readonly id: string;
  readonly title: string;
  readonly stage: string;
  readonly version: number;
  readonly status: 'live' | 'retired';
  readonly lastReviewed: string;
  /** True when the review date has passed. */
  readonly reviewDue: boolean;
  readonly reviewDueOn: string;
  readonly helpful: number;
  readonly notHelpful: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** The document's `##` sections, for choosing the one that answers a question. */
  readonly sections: readonly { readonly anchor: string; readonly heading: string }[];
}

/** Every document with its latest version, review status and feedback counts, by title. */
export async function listDocuments(deps: PublishingDeps & { store: Pick<Store, 'insights'> }): Promise<DocumentSummary[]> {
  const latest = (await deps.store.content.latest()).filter((v) => v.docId);
  const day = today(deps.clock);
  // Retired documents are read with the same parser; their problems do not matter here.
  const docs = new Map(buildSet(latest.map((v) => ({ path: v.path, text: v.text })), deps).pack.documents.map((d) => [d.file, d]));
  const feedback = new Map((await deps.store.insights.feedbackCounts()).map((f) => [f.docId, f]));
  return latest
    .map((v) => {
      const doc = docs.get(v.path);
      const f = feedback.get(v.docId!);
      return {
        id: v.docId!,
        title: doc?.title ?? v.docId!,
        stage: doc?.stage ?? '',
        version: v.version,
        status: v.action === 'retire' ? ('retired' as const) : ('live' as const),
        lastReviewed: doc?.lastReviewed ?? '',
        reviewDue: doc ? doc.reviewDue < day : false,
        reviewDueOn: doc?.reviewDue ?? '',
        helpful: f?.helpful ?? 0,
        notHelpful: f?.notHelpful ?? 0,
        updatedAt: v.createdAt,
        updatedBy: v.author,
        sections: doc?.sections.map((s) => ({ anchor: s.anchor, heading: s.heading })) ?? [],
      };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}

export async function getDocument(deps: PublishingDeps, docId: string) {
  const v = await latestOf(deps, docId);
  const title = buildSet([{ path: v.path, text: v.text }], deps).pack.documents[0]?.title ?? docId;
  return {
    id: docId,
    title,
    version: v.version,
    status: v.action === 'retire' ? 'retired' : 'live',
    markdown: v.text,
    updatedAt: v.createdAt,
    updatedBy: v.author,
  };
}

export interface HistoryEntry {
  readonly version: number;
  readonly action: ContentAction;
  readonly author: string;
  readonly createdAt: string;
  readonly changeNote: string;
}

/** Versions of a document, newest first. */
export async function documentHistory(deps: PublishingDeps, docId: string): Promise<HistoryEntry[]> {
  const { path } = await latestOf(deps, docId);
  return (await deps.store.content.history(path)).map((v) => ({
    version: v.version,
    action: v.action,
    author: v.author,
    createdAt: v.createdAt,
    changeNote: v.changeNote,
  }));
}

/** A unified diff between two versions of a document. */
export async function diffVersions(deps: PublishingDeps, docId: string, from: number, to: number): Promise<{ from: number; to: number; diff: string }> {
  const { path } = await latestOf(deps, docId);
  const [a, b] = await Promise.all([deps.store.content.version(path, from), deps.store.content.version(path, to)]);
  if (!a || !b) throw new AppError('NOT_FOUND', `"${docId}" has no version ${!a ? from : to}`);
  return { from, to, diff: createTwoFilesPatch(`${path} (version ${from})`, `${path} (version ${to})`, a.text, b.text, a.createdAt, b.createdAt) };
}
