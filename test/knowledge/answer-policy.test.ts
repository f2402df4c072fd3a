import { expect } from 'chai';
import { decideAnswer, POLICY } from '../../src/knowledge/answer-policy.js';
import type { Ranking } from '../../src/knowledge/ranker.js';

/** A ranking with one leading guide; each test changes only what it is about. */
function rankingOf(question: string, over: Partial<Omit<Ranking, 'hits'>> & { score?: number; probability?: number } = {}): Ranking {
  const { score = 0.5, probability = 0.5, ...rest } = over;
  return {
    words: question.toLowerCase().split(/\s+/),
    known: 1,
    corrections: [],
    declineProbability: 0.02,
    outOfScope: 0.02,
    ...rest,
    hits: [{ docId: 'stress-and-mental-health', title: 'S', score, probability, nearest: 0.4, bm25: 1 }],
  };
}

describe('answer policy: how the decline opinions and a plain match weigh against each other', () => {
  it('declines a clinical ask (a dose, a treatment) even when a guide plainly matches: no clinical advice', () => {
    const q = 'what dose of HRT should my nurse take for her menopause';
    expect(decideAnswer(q, rankingOf(q, { probability: 0.9, score: 0.8 }))).to.include({ status: 'none', reason: 'clinical' });
  });

  it("a plain match outweighs the scope model's doubt", () => {
    const q = 'how much leave can my band 5 carry over';
    const sure = { outOfScope: POLICY.outOfScope + 0.05, declineReason: 'pay' as const };
    expect(decideAnswer(q, rankingOf(q, { ...sure, probability: POLICY.plainMatch, score: 0.6 })).status).to.equal('answer');
    expect(decideAnswer(q, rankingOf(q, { ...sure, probability: POLICY.plainMatch - 0.05, score: 0.6 }))).to.include({ status: 'none', reason: 'pay' });
  });

  it('a staff member named in a question with no guide in the running does not make it a people question', () => {
    const q = 'my HCA asked what the maximum paracetamol is for a patient';
    const clinicalModel = { declineProbability: 0.7, declineReason: 'clinical' as const, outOfScope: POLICY.outOfScope + 0.05, score: 0.2 };
    expect(decideAnswer(q, rankingOf(q, { ...clinicalModel, probability: POLICY.inTheRunning - 0.05 }))).to.include({ status: 'none', reason: 'clinical' });
    // With a guide in the running, the staff member keeps it ours: "Did you mean" or an answer.
    expect(decideAnswer(q, rankingOf(q, { ...clinicalModel, probability: POLICY.inTheRunning + 0.05 })).status).not.to.equal('none');
  });

  it('declines when both decline opinions together outweigh a weak match, though neither alone is sure', () => {
    const q = 'is the canteen open on sunday';
    const unsure = { declineProbability: 0.6, declineReason: 'off-topic' as const, outOfScope: 0.7, probability: 0.3 };
    // Mean doubt 0.65: a weak match (0.3) declines; a good one (0.45) is answered or offered.
    expect(decideAnswer(q, rankingOf(q, { ...unsure, score: 0.3 }))).to.include({ status: 'none', reason: 'off-topic' });
    expect(decideAnswer(q, rankingOf(q, { ...unsure, score: 0.45 })).status).not.to.equal('none');
  });
});
