import { answerCard, clarifyCard, crisisCard, notFoundCard } from '../cards/answer-cards.js';
import type { CardContext } from '../cards/card-context.js';
import type { Card } from '../cards/render-card.js';
import type { DeclineReason } from '../knowledge/answer-policy.js';
import { findAnswer, MAX_QUESTION_LENGTH, passageFor, type Answer } from '../knowledge/answer-question.js';
import { createKnowledgeBase } from '../knowledge/knowledge-base.js';
import type { DraftCheck } from './publish-document.js';

/**
 * The previews the editor shows. `preview`: the answer card for the draft itself (for `question`,
 * the draft's section that question finds; otherwise its "What to do"). `answer` (only with a
 * question): the reply a manager asking it would get once the draft is live. The content is
 * indexed once, and only when there is a question (it costs tens of milliseconds). Null when the
 * draft does not parse.
 */
export function draftPreviews(check: DraftCheck, publicUrl: string, question?: string): { preview: Card | null; answer?: AnswerPreview | null } {
  const text = question?.trim().replace(/[\u2018\u2019]/g, "'").slice(0, MAX_QUESTION_LENGTH);
  const found = text && check.document ? findAnswer(createKnowledgeBase(check.pack), text) : undefined;
  const preview = previewCard(check, publicUrl, found) ?? null;
  if (!text) return { preview };
  return { preview, answer: found ? answerPreview(check, publicUrl, text, found) : null };
}

function previewCard(check: DraftCheck, publicUrl: string, found: Answer | undefined): Card | undefined {
  const doc = check.document;
  if (!doc) return undefined;
  const byId = new Map(check.pack.documents.map((d) => [d.id, d]));
  const anchor = found?.hits.find((h) => h.docId === doc.id)?.section;
  const passage = passageFor({ document: (id) => byId.get(id) }, doc.id, anchor);
  if (!passage) return undefined;
  const related = doc.related.map((id) => byId.get(id)).filter((d) => d !== undefined).slice(0, 3);
  return answerCard({ publicUrl, settings: check.pack.settings }, passage, { answerId: 'preview', related });
}

/** What the assistant would reply to a question if the draft were published. */
export interface AnswerPreview {
  /** Answer with one document, ask which of several was meant, or decline. */
  readonly outcome: 'answer' | 'clarify' | 'crisis' | 'none';
  /** The card the assistant would send. */
  readonly card: Card;
  /** The documents the card offers, best first; `draft` marks the one being edited. */
  readonly documents: readonly { readonly id: string; readonly title: string; readonly draft: boolean }[];
  /** Why it would decline (outcome "none"). */
  readonly reason?: DeclineReason;
}

/**
 * The reply a manager asking the question would get once the draft is live: the bot's search,
 * answer policy and cards (`findAnswer` over the live content with the draft in place of the live
 * document). Nothing is logged.
 */
function answerPreview(check: DraftCheck, publicUrl: string, text: string, answer: Answer): AnswerPreview {
  const draftId = check.document?.id;
  const ctx: CardContext = { publicUrl, settings: check.pack.settings };
  const listed = (docs: readonly { id: string; title: string }[]) => docs.map((d) => ({ id: d.id, title: d.title, draft: d.id === draftId }));
  switch (answer.status) {
    case 'answer':
      return {
        outcome: 'answer',
        card: answerCard(ctx, answer.passage, { answerId: 'preview', related: answer.related }),
        documents: listed([answer.passage.doc]),
      };
    case 'clarify':
      return { outcome: 'clarify', card: clarifyCard(answer.candidates), documents: listed(answer.candidates.map((c) => c.doc)) };
    case 'crisis':
      return { outcome: 'crisis', card: crisisCard(ctx, answer.passage), documents: listed(answer.passage ? [answer.passage.doc] : []) };
    case 'none':
      return { outcome: 'none', card: notFoundCard(ctx, answer.reason, text), documents: [], reason: answer.reason };
  }
}
