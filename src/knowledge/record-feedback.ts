import type { Store } from '../store/store.js';

/**
 * A manager says whether an answer helped. The first click counts: a second
 * finds the first stored and gets that back, so nothing changes.
 */
export async function recordAnswerFeedback(
  deps: { store: Pick<Store, 'recordFeedback' | 'feedbackFor'>; now: Date },
  f: { answerId: string; docId: string; section: string; helpful: boolean; comment?: string | undefined },
): Promise<{ readonly helpful: boolean }> {
  const comment = f.comment?.trim() || undefined;
  await deps.store.recordFeedback({ answerId: f.answerId, docId: f.docId, section: f.section, helpful: f.helpful, comment, at: deps.now });
  const stored = await deps.store.feedbackFor(f.answerId);
  return { helpful: stored?.helpful ?? f.helpful };
}
