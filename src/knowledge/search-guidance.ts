import type { Stage } from '../content/types.js';
import type { DeclineReason } from './answer-policy.js';
import { findAnswer, MAX_QUESTION_LENGTH, passageFor, type Passage } from './answer-question.js';
import type { KnowledgeBase } from './knowledge-base.js';

/**
 * Search from Teams' compose box (the message extension): the same search
 * and answer policy as a question to the bot, returned as a list to pick
 * from. Nothing is logged: Teams sends a query as the person types, so these
 * are fragments, not questions.
 */
export interface GuidanceResult {
  readonly passage: Passage;
  /** The document's life-cycle stage, for the result list. */
  readonly stage: Stage | undefined;
}

export type GuidanceSearch =
  | { readonly status: 'results'; readonly results: readonly GuidanceResult[]; readonly browsing: boolean }
  | { readonly status: 'none'; readonly reason: Exclude<DeclineReason, 'empty'> };

export interface Page {
  readonly skip: number;
  readonly count: number;
}

export function searchGuidance(knowledge: KnowledgeBase, query: string, page: Page): GuidanceSearch {
  const text = query.replace(/\s+/g, ' ').trim().slice(0, MAX_QUESTION_LENGTH);
  const stages = new Map(knowledge.pack.stages.map((s) => [s.id, s]));
  const withStage = (passage: Passage): GuidanceResult => ({ passage, stage: stages.get(passage.doc.stage) });
  if (!text) {
    // Nothing typed yet: every document, in life-cycle order, each at its steps.
    const order = new Map(knowledge.pack.stages.map((s, i) => [s.id, i]));
    const docs = [...knowledge.pack.documents].sort((a, b) => (order.get(a.stage) ?? 99) - (order.get(b.stage) ?? 99));
    const passages = docs.map((d) => passageFor(knowledge, d.id)).filter((p): p is Passage => !!p);
    return { status: 'results', results: passages.slice(page.skip, page.skip + page.count).map(withStage), browsing: true };
  }
  const answer = findAnswer(knowledge, text);
  if (answer.status === 'none') return { status: 'none', reason: answer.reason === 'empty' ? 'no-match' : answer.reason };
  const passages =
    answer.status === 'answer'
      ? [answer.passage, ...answer.related.map((d) => passageFor(knowledge, d.id)).filter((p): p is Passage => !!p)]
      : answer.status === 'crisis'
        ? answer.passage
          ? [answer.passage]
          : []
        : answer.candidates;
  return { status: 'results', results: passages.slice(page.skip, page.skip + page.count).map(withStage), browsing: false };
}
