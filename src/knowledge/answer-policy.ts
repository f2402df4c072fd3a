import { isClinicalQuestion, isItQuestion } from './out-of-scope.js';
import type { SearchHit, SearchResult } from './search-index.js';

/**
 * Decides what to do with a ranked list: answer with one document, ask which
 * of two or three close ones was meant, or decline. Thresholds were set on
 * the development questions and are deliberately few.
 */
export type AnswerStatus = 'answer' | 'clarify' | 'none';
export type DeclineReason = 'clinical' | 'it' | 'no-match' | 'empty';

export interface Decision {
  readonly status: AnswerStatus;
  readonly reason?: DeclineReason;
  /** The document to answer with (answer) or the candidates to offer (clarify). */
  readonly hits: readonly SearchHit[];
}

export const POLICY = Object.freeze({
  /** Below this share of the question's weight in words the content uses, the question is off-topic. */
  minKnown: 0.7,
  /** The best document must match at least this share of the question's weight. */
  minCoverage: 0.1,
  minScore: 0.5,
  /** A runner-up scoring at least this share of the best is "close". */
  closeRatio: 0.85,
  maxCandidates: 3,
});

export function decideAnswer(question: string, result: SearchResult): Decision {
  if (isClinicalQuestion(question)) return { status: 'none', reason: 'clinical', hits: [] };
  if (isItQuestion(question)) return { status: 'none', reason: 'it', hits: [] };
  const [top] = result.hits;
  if (!top) return { status: 'none', reason: result.terms.length === 0 ? 'empty' : 'no-match', hits: [] };
  if (result.known < POLICY.minKnown || top.coverage < POLICY.minCoverage || top.score < POLICY.minScore) {
    return { status: 'none', reason: 'no-match', hits: [] };
  }
  const close = result.hits
    .slice(1, POLICY.maxCandidates)
    .filter((h) => h.score >= top.score * POLICY.closeRatio && h.coverage >= POLICY.minCoverage);
  if (close.length > 0) return { status: 'clarify', hits: [top, ...close] };
  return { status: 'answer', hits: [top] };
}
