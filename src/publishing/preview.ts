import { answerCard } from '../cards/cards.js';
import type { Card } from '../cards/render-card.js';
import { findAnswer, passageFor } from '../knowledge/answer-question.js';
import { createKnowledgeBase } from '../knowledge/knowledge-base.js';
import type { DraftCheck } from './publish-document.js';

/**
 * The answer card a manager would get from the draft: for `question`, the
 * draft's section that question finds (the draft is searched along with the
 * rest of the content); otherwise its "What to do". Undefined when the draft
 * does not parse.
 */
export function previewCard(check: DraftCheck, publicUrl: string, question?: string): Card | undefined {
  const doc = check.document;
  if (!doc) return undefined;
  const byId = new Map(check.pack.documents.map((d) => [d.id, d]));
  let anchor: string | undefined;
  if (question?.trim()) {
    // Indexing costs tens of milliseconds, so only a preview for a question pays for it.
    const hit = findAnswer(createKnowledgeBase(check.pack), question).hits.find((h) => h.docId === doc.id);
    anchor = hit?.section;
  }
  const passage = passageFor({ document: (id) => byId.get(id) }, doc.id, anchor);
  if (!passage) return undefined;
  const related = doc.related.map((id) => byId.get(id)).filter((d) => d !== undefined).slice(0, 3);
  return answerCard({ publicUrl, settings: check.pack.settings }, passage, { answerId: 'preview', related });
}
