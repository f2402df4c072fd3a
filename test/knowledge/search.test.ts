import { expect } from 'chai';
import { decideAnswer } from '../../src/knowledge/answer-policy.js';
import { findAnswer } from '../../src/knowledge/answer-question.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { isClinicalQuestion, isItQuestion } from '../../src/knowledge/out-of-scope.js';
import { buildSearchIndex } from '../../src/knowledge/search-index.js';
import { defaultKnowledge, defaultPack } from '../helpers/content.js';

describe('search index', () => {
  let kb: KnowledgeBase;
  before(async () => {
    kb = await defaultKnowledge();
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

  it('answers a clear question with one document', () => {
    const a = findAnswer(kb, 'someone rang in sick, what do I do?');
    expect(a.status).to.equal('answer');
    expect(a.status === 'answer' && a.passage.doc.id).to.equal('sickness-absence');
  });

  it('asks which one when two or three topics are close', () => {
    const a = findAnswer(kb, 'leave');
    expect(a.status).to.equal('clarify');
    if (a.status === 'clarify') {
      expect(a.candidates.length).to.be.within(2, 3);
      expect(a.candidates.map((c) => c.doc.id)).to.include('family-and-carers-leave');
    }
  });

  it('declines clinical questions even when they mention a topic it knows', () => {
    for (const q of ['what dose of HRT for menopause', 'how do I diagnose depression in a colleague', 'can i take ibuprofen on shift']) {
      expect(isClinicalQuestion(q), q).to.equal(true);
      const a = findAnswer(kb, q);
      expect(a.status, q).to.equal('none');
      expect(a.status === 'none' && a.reason).to.equal('clinical');
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

  it('declines questions in words the content does not use', () => {
    for (const q of ['who won the football', 'recipe for banana bread', 'zxcvbnm']) {
      expect(findAnswer(kb, q).status, q).to.equal('none');
    }
  });

  it('declines when the best match covers too little of the question', () => {
    const decision = decideAnswer('x', {
      terms: ['a', 'b'],
      known: 1,
      corrections: [],
      hits: [{ docId: 'd', title: 'D', section: 's', heading: 'S', score: 5, coverage: 0.05, topicCoverage: 0 }],
    });
    expect(decision.status).to.equal('none');
  });
});
