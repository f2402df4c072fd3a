import { expect } from 'chai';
import { decideAnswer } from '../../src/knowledge/answer-policy.js';
import { findAnswer, relatedTo } from '../../src/knowledge/answer-question.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { isClinicalQuestion, isItQuestion } from '../../src/knowledge/out-of-scope.js';
import type { Ranking } from '../../src/knowledge/ranker.js';
import { buildSearchIndex, searchIndexSteps } from '../../src/knowledge/search-index.js';
import { defaultKnowledge, defaultPack } from '../helpers/content.js';
import { runCountingPauses } from '../helpers/steps.js';

describe('search index', () => {
  let kb: KnowledgeBase;
  before(async () => {
    kb = await defaultKnowledge();
  });

  it('is built in slices, one document a slice, to the same index', () => {
    const { pauses, value } = runCountingPauses(searchIndexSteps(kb.pack));
    expect(pauses).to.be.at.least(kb.pack.documents.length);
    expect(value.search('menopause at work', 3).hits.map((h) => h.docId)).to.deep.equal(kb.index.search('menopause at work', 3).hits.map((h) => h.docId));
  });

  it('indexes every section of every document', () => {
    const sections = kb.pack.documents.reduce((n, d) => n + d.sections.length, 0);
    expect(kb.index.size.documents).to.equal(kb.pack.documents.length);
    expect(kb.index.size.sections).to.equal(sections);
  });

  it('corrects misspelt topic words against the content vocabulary', () => {
    const cases: [string, string][] = [
      ['menapause support', 'menopause'],
      ['sickness absense', 'sickness-absence'],
      ['apraisal overdue', 'appraisal-and-development'],
    ];
    for (const [q, id] of cases) {
      const r = kb.index.search(q);
      expect(r.corrections.length, q).to.equal(1);
      expect(r.hits[0]!.docId, q).to.equal(id);
    }
  });

  it('does not "correct" real words into unrelated ones', () => {
    expect(kb.index.search('time off for ivf').corrections).to.deep.equal([]);
  });

  it('corrects swapped letters, a short word that lost a letter, and a long word cut short', () => {
    const fixed = (q: string) => kb.index.search(q).corrections.map((c) => `${c.from}>${c.to}`);
    expect(fixed('phased retrun')).to.deep.equal(['retrun>return']);
    expect(fixed('rang in sik')).to.deep.equal(['sik>sick']);
    expect(fixed('wants to whistelblow')).to.deep.equal(['whistelblow>whistleblowing']);
    // Three-letter abbreviations are not misspellings.
    expect(fixed('hca rtw kit pip')).to.deep.equal([]);
  });

  it('returns at most the limit, best first, one hit per document', () => {
    const r = kb.index.search('leave', 5);
    expect(r.hits.length).to.be.at.most(5);
    const ids = r.hits.map((h) => h.docId);
    expect(new Set(ids).size).to.equal(ids.length);
    for (let i = 1; i < r.hits.length; i++) expect(r.hits[i - 1]!.score).to.be.at.least(r.hits[i]!.score);
  });

  it('picks the section that answers, not just the document', () => {
    const sickPay = kb.index.search('how much sick pay after five years service').hits[0]!;
    expect(sickPay.docId).to.equal('sickness-absence');
    expect(sickPay.heading).to.match(/sick pay/i);
  });

  it('finds a document by a synonym phrase in its front matter', async () => {
    const pack = await defaultPack();
    const index = buildSearchIndex({
      documents: pack.documents.map((d) => (d.id === 'probation' ? { ...d, synonyms: [...d.synonyms, 'zebra crossing review'] } : d)),
    });
    expect(index.search('zebra crossing review').hits[0]!.docId).to.equal('probation');
  });

  it('gives an empty result for a question of only stop words', () => {
    expect(kb.index.search('what do I do?').hits).to.deep.equal([]);
  });
});

describe('answer policy', () => {
  let kb: KnowledgeBase;
  before(async () => {
    kb = await defaultKnowledge();
  });

  it("offers the question's close runners-up before the document's own related topics", () => {
    const doc = kb.document('sickness-absence')!;
    const outsider = kb.pack.documents.find((d) => d.id !== doc.id && !doc.related.includes(d.id))!;
    const hits = [
      { docId: doc.id, score: 0.6 },
      { docId: outsider.id, score: 0.3 },
      { docId: doc.related[0]!, score: 0.05 },
    ];
    expect(relatedTo(kb, doc, hits)[0]!.id).to.equal(outsider.id);
    // A runner-up far behind the answer is not offered ahead of the guide's own related topics.
    expect(relatedTo(kb, doc, [hits[0]!, { docId: outsider.id, score: 0.1 }]).map((d) => d.id)).to.deep.equal(doc.related.slice(0, 3));
  });

  it('answers a clear question with one document', () => {
    const a = findAnswer(kb, 'someone rang in sick, what do I do?');
    expect(a.status).to.equal('answer');
    expect(a.status === 'answer' && a.passage.doc.id).to.equal('sickness-absence');
  });

  it('asks which one ("Did you mean") when the evidence is weak but the question is about managing people', () => {
    const ranking: Ranking = {
      words: ['my', 'team', 'is', 'unsettled'],
      known: 1,
      corrections: [],
      declineProbability: 0.05,
      outOfScope: 0.1,
      hits: [
        { docId: 'organisational-change', title: 'O', score: 0.3, probability: 0.2, nearest: 0.3, bm25: 1 },
        { docId: 'wellbeing-conversations', title: 'W', score: 0.27, probability: 0.2, nearest: 0.3, bm25: 0.8 },
        { docId: 'stress-and-mental-health', title: 'S', score: 0.2, probability: 0.1, nearest: 0.2, bm25: 0.5 },
      ],
    };
    const decision = decideAnswer('my team is unsettled', ranking);
    expect(decision.status).to.equal('clarify');
    expect(decision.hits.map((h) => h.docId)).to.deep.equal(['organisational-change', 'wellbeing-conversations', 'stress-and-mental-health']);
  });

  it('declines clinical questions: what is asked, not the words mentioned', () => {
    for (const q of ['what dose of HRT for menopause', 'how do I diagnose depression in a colleague', 'can i take ibuprofen on shift', 'what dose of sertraline should my staff member be on', 'which painkillers are safe with her inhalers']) {
      expect(isClinicalQuestion(q), q).to.equal(true);
      const a = findAnswer(kb, q);
      expect(a.status, q).to.equal('none');
      expect(a.status === 'none' && a.reason).to.equal('clinical');
    }
  });

  it('answers a people question that only mentions a medicine or a patient', () => {
    for (const q of [
      'a porter says his methotrexate leaves him wiped out on early shifts',
      'a nurse on my ward wants to tell the team she takes antidepressants',
      'staff nurse gave the wrong dose and she is in bits, how do I support her',
    ]) {
      expect(isClinicalQuestion(q), q).to.equal(false);
      expect(findAnswer(kb, q).status, q).not.to.equal('none');
    }
  });

  it('does not treat ordinary HR wording as clinical', () => {
    for (const q of ['medical appointment time off', 'unfair treatment at work', 'fit note from the GP']) {
      expect(isClinicalQuestion(q), q).to.equal(false);
    }
  });

  it('sends IT questions elsewhere', () => {
    expect(isItQuestion('I forgot my password')).to.equal(true);
    expect(findAnswer(kb, 'how to log in to the rota system').status).to.equal('none');
    expect(isItQuestion('flexible working request')).to.equal(false);
  });

  it('answers a people question that only mentions an IT word when a guide plainly matches', () => {
    const ranking = (probability: number): Ranking => ({
      words: ['new', 'starter', 'no', 'login', 'nobody', 'to', 'talk', 'to'],
      known: 1,
      corrections: [],
      declineProbability: 0.02,
      outOfScope: 0.01,
      hits: [{ docId: 'onboarding', title: 'O', score: 0.5, probability, nearest: 0.5, bm25: 1 }],
    });
    const q = 'the new starter has had no login for two days and nobody to talk to';
    expect(isItQuestion(q)).to.equal(true);
    expect(decideAnswer(q, ranking(0.6)).status).to.equal('answer');
    expect(decideAnswer(q, ranking(0.05))).to.include({ status: 'none', reason: 'it' });
  });

  it('declines questions that are not ours, with the reason', () => {
    for (const q of ['who won the football', 'what is the capital of France', 'zxcvbnm']) {
      expect(findAnswer(kb, q).status, q).to.equal('none');
    }
  });

  it('declines when the decline classes outweigh every document', () => {
    const decision = decideAnswer('x', {
      words: ['x'],
      known: 1,
      corrections: [],
      declineProbability: 0.8,
      declineReason: 'pay',
      outOfScope: 0.1,
      hits: [{ docId: 'd', title: 'D', score: 0.5, probability: 0.1, nearest: 0.2, bm25: 1 }],
    });
    expect(decision).to.include({ status: 'none', reason: 'pay' });
  });

  it('declines when the scope model is sure the question is not about managing people, even if a document leads', () => {
    const ranking = (outOfScope: number): Ranking => ({
      words: ['how', 'much', 'leave', 'have', 'i', 'got', 'left'],
      known: 1,
      corrections: [],
      declineProbability: 0.02,
      declineReason: 'pay',
      outOfScope,
      // A lead, not a plain match (see answer-policy.test.ts for a plain match).
      hits: [{ docId: 'rest-and-recovery', title: 'R', score: 0.52, probability: 0.45, nearest: 0.4, bm25: 1 }],
    });
    expect(decideAnswer('how much leave have I got left', ranking(0.95))).to.include({ status: 'none', reason: 'pay' });
    expect(decideAnswer('how much leave have I got left', ranking(0.5)).status).to.equal('answer');
  });
});
