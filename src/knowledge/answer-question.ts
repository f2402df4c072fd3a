import type { Clock } from '../clock.js';
import type { ContentDocument, Section } from '../content/types.js';
import { decideAnswer, POLICY, type DeclineReason } from './answer-policy.js';
import type { KnowledgeBase } from './knowledge-base.js';
import type { QuestionLog } from './question-log.js';
import type { RankedDoc } from './ranker.js';

export const MAX_QUESTION_LENGTH = 500;
/** Where a message about someone at risk is pointed after the crisis routes. */
export const CRISIS_GUIDE = { docId: 'stress-and-mental-health', section: 'if-someone-is-in-crisis' } as const;

export interface Passage {
  readonly doc: ContentDocument;
  readonly section: Section;
}

export type Answer =
  | { readonly status: 'answer'; readonly passage: Passage; readonly related: readonly ContentDocument[]; readonly hits: readonly RankedDoc[] }
  | { readonly status: 'clarify'; readonly candidates: readonly Passage[]; readonly hits: readonly RankedDoc[] }
  /**
   * Someone may be at risk: crisis routes first, then the guide (when the pack has it), then
   * the answer to whatever else the message asks, when it has one in another guide.
   */
  | {
      readonly status: 'crisis';
      readonly passage: Passage | undefined;
      readonly also: { readonly passage: Passage; readonly related: readonly ContentDocument[] } | undefined;
      readonly hits: readonly RankedDoc[];
    }
  | { readonly status: 'none'; readonly reason: DeclineReason; readonly hits: readonly RankedDoc[] };

export interface AnswerDeps {
  readonly knowledge: KnowledgeBase;
  readonly log: Pick<QuestionLog, 'recordQuestion' | 'recordUnanswered'>;
  readonly clock: Clock;
}

/** Searches the content, applies the answer policy, and logs the outcome without the asker's identity. */
export function answerQuestion(deps: AnswerDeps, question: string): Answer {
  const text = question.slice(0, MAX_QUESTION_LENGTH);
  const answer = findAnswer(deps.knowledge, text);
  const now = deps.clock.now();
  const top = answer.status === 'answer' || answer.status === 'crisis' ? answer.passage : answer.status === 'clarify' ? answer.candidates[0] : undefined;
  // A crisis is counted under its guide like an answer; its text is never kept.
  deps.log.recordQuestion({ askedAt: now, status: answer.status === 'crisis' ? 'answer' : answer.status, docId: top?.doc.id, section: top?.section.anchor });
  // HR sees what it could not answer and what it had to ask about ("Did you mean"): both are
  // where a guide is missing or an example question would settle it. Never a crisis message.
  if ((answer.status === 'none' && answer.reason !== 'empty') || answer.status === 'clarify') deps.log.recordUnanswered(text, now);
  return answer;
}

/** The pure part of answering: no logging, no clock. */
export function findAnswer(knowledge: KnowledgeBase, question: string): Answer {
  const ranking = knowledge.ranker.rank(question);
  const decision = decideAnswer(question, ranking);
  const passages = decision.hits.map((h) => passageFor(knowledge, h.docId, h.section)).filter((p): p is Passage => !!p);
  if (knowledge.isCrisis(question)) {
    const other = decision.status === 'answer' && passages[0] && passages[0].doc.id !== CRISIS_GUIDE.docId ? passages[0] : undefined;
    return {
      status: 'crisis',
      passage: passageFor(knowledge, CRISIS_GUIDE.docId, CRISIS_GUIDE.section),
      also: other ? { passage: other, related: relatedTo(knowledge, other.doc, ranking.hits) } : undefined,
      hits: ranking.hits,
    };
  }
  if (decision.status === 'none' || passages.length === 0) {
    return { status: 'none', reason: decision.reason ?? 'no-match', hits: ranking.hits };
  }
  if (decision.status === 'clarify' && passages.length > 1) return { status: 'clarify', candidates: passages, hits: ranking.hits };
  const passage = passages[0]!;
  return { status: 'answer', passage, related: relatedTo(knowledge, passage.doc, ranking.hits), hits: ranking.hits };
}

export function passageFor(knowledge: Pick<KnowledgeBase, 'document'>, docId: string, anchor?: string): Passage | undefined {
  const doc = knowledge.document(docId);
  if (!doc) return undefined;
  const section = (anchor && doc.sections.find((s) => s.anchor === anchor)) || doc.sections.find((s) => s.heading === 'What to do') || doc.sections[0];
  return section ? { doc, section } : undefined;
}

/**
 * Up to three related topics: the question's close runners-up first (if the answer is the wrong
 * guide, the right one is usually second or third, one tap away), then the document's own `related`.
 */
export function relatedTo(knowledge: KnowledgeBase, doc: ContentDocument, hits: readonly Pick<RankedDoc, 'docId' | 'score'>[] = []): ContentDocument[] {
  const best = hits[0]?.score ?? 0;
  const runnersUp = hits.slice(0, 3).filter((h) => h.score >= best * POLICY.offerShare).map((h) => h.docId);
  const ids = [...runnersUp, ...doc.related].filter((id, i, all) => id !== doc.id && all.indexOf(id) === i);
  return ids
    .map((id) => knowledge.document(id))
    .filter((d): d is ContentDocument => !!d)
    .slice(0, 3);
}
