import type { OutOfScopeReason } from '../content/types.js';
import { STOP_WORDS } from './normalise.js';
import { isClinicalQuestion, isItQuestion, mentionsStaff } from './out-of-scope.js';
import type { RankedDoc, Ranking } from './ranker.js';

/**
 * Decides what to do with a ranking: answer with one document, offer the two
 * or three likeliest ("Did you mean"), or decline. "I don't know" is kept for
 * questions that are not ours (clinical, IT, an individual's pay, legal advice
 * on a live case, off-topic); a people question with weak evidence gets
 * "Did you mean" instead. Thresholds are few and set on a tuning set only.
 */
export type AnswerStatus = 'answer' | 'clarify' | 'none';
/** Why there is no answer: a question that is not ours, nothing that matches, or no question. */
export type DeclineReason = OutOfScopeReason | 'no-match' | 'empty';

export interface Decision {
  readonly status: AnswerStatus;
  readonly reason?: DeclineReason;
  /** The document to answer with (answer) or the candidates to offer (clarify). */
  readonly hits: readonly RankedDoc[];
}

export const POLICY = Object.freeze({
  /** Decline when the decline class is at least this likely and more likely than any document. */
  decline: 0.75,
  /** Decline when the scope model puts the question this surely outside managing people. */
  outOfScope: 0.85,
  /**
   * A guide this likely is still in the running: a question with an IT word, or a clinical-sounding
   * one about a member of staff, stays ours when a guide reaches this.
   */
  inTheRunning: 0.2,
  /**
   * A guide this likely is a plain match: it outweighs the scope model's doubt, which was learned
   * from far fewer examples than the guides. Never a clinical ask: no clinical advice, however
   * well a guide matches.
   */
  plainMatch: 0.5,
  /**
   * Decline when the two decline opinions together (their mean) exceed the best guide's fused score
   * by this much: neither alone is sure enough to decline, but together they outweigh a weak match.
   */
  doubt: 0.25,
  /** Answer outright when the best document's fused score reaches this... */
  answer: 0.42,
  /** ...and leads the runner-up by this much. */
  margin: 0.08,
  /** Below this fused score nothing matches. */
  floor: 0.12,
  /** Below this share of words the content and its questions use, the question is not about our topics. */
  minKnown: 0.5,
  /** A question of this many words or fewer (stop words aside) is answered outright only... */
  shortQuestion: 2,
  /** ...when the model is at least this sure: two words say little ("time off", "leave"). */
  shortConfidence: 0.5,
  /** Candidates offered in "Did you mean" score at least this share of the best. */
  candidateShare: 0.55,
  /**
   * A guide scoring at least this share of the best is worth offering: every candidate on a "Did
   * you mean" card, and the runners-up an answer lists before its own related topics.
   */
  offerShare: 0.3,
  maxCandidates: 3,
});

export function decideAnswer(question: string, ranking: Ranking): Decision {
  const [top, second] = ranking.hits;
  if (!top || ranking.words.length === 0) return { status: 'none', reason: 'empty', hits: [] };
  const pDecline = ranking.declineProbability;
  const beatsDocuments = pDecline > top.probability;
  if (isClinicalQuestion(question)) return { status: 'none', reason: 'clinical', hits: [] };
  // An IT word alone does not make an IT question: "the new starter sat two days with no login"
  // is about onboarding. The word list declines only when no guide is a plain match.
  if (isItQuestion(question) && top.probability < POLICY.inTheRunning) return { status: 'none', reason: 'it', hits: [] };
  const reason = ranking.declineReason ?? 'off-topic';
  // The model's "clinical" alone does not decline a question about a member of staff: "she takes
  // antidepressants and wants to tell the team" is a people question. A clinical ask (the rule
  // above) still declines, and so does one where no guide is in the running ("my HCA asked what
  // dose of paracetamol"): naming staff does not make it a people question.
  const staffNotClinical = reason === 'clinical' && mentionsStaff(question) && top.probability >= POLICY.inTheRunning;
  if (beatsDocuments && pDecline >= POLICY.decline && !staffNotClinical) return { status: 'none', reason, hits: [] };
  const plainMatch = top.probability >= POLICY.plainMatch;
  if (ranking.outOfScope >= POLICY.outOfScope && !staffNotClinical && !plainMatch) return { status: 'none', reason, hits: [] };
  if ((pDecline + ranking.outOfScope) / 2 - top.score >= POLICY.doubt && !staffNotClinical) return { status: 'none', reason, hits: [] };
  // A question about a member of staff is a people question: weak evidence gets "Did you mean".
  const aboutStaff = mentionsStaff(question);
  if (ranking.known < POLICY.minKnown) return { status: 'none', reason: 'no-match', hits: [] };
  if (!aboutStaff && top.score < POLICY.floor) return { status: 'none', reason: 'no-match', hits: [] };
  const short = ranking.words.filter((w) => !STOP_WORDS.has(w)).length <= POLICY.shortQuestion;
  const sure = !short || top.probability >= POLICY.shortConfidence;
  if (sure && top.score >= POLICY.answer && top.score - (second?.score ?? 0) >= POLICY.margin) return { status: 'answer', hits: [top] };
  const candidates = ranking.hits.slice(0, POLICY.maxCandidates).filter((h, i) => i === 0 || h.score >= top.score * POLICY.candidateShare);
  if (candidates.length === 1 && sure) return { status: 'answer', hits: [top] };
  return { status: 'clarify', hits: ranking.hits.slice(0, POLICY.maxCandidates).filter((h, i) => i === 0 || h.score >= top.score * POLICY.offerShare) };
}
