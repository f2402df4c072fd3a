import { expect } from 'chai';
import type { ContentPack } from '../../src/content/types.js';
import { findAnswer } from '../../src/knowledge/answer-question.js';
import { checkExampleQuestions } from '../../src/knowledge/check-examples.js';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { EXAMPLES_PER_STEP, trainInSteps } from '../../src/knowledge/intent-model.js';
import { buildRanker } from '../../src/knowledge/ranker.js';
import { buildSearchIndex } from '../../src/knowledge/search-index.js';
import { defaultKnowledge, defaultPack } from '../helpers/content.js';
import { runCountingPauses } from '../helpers/steps.js';

describe('ranker (BM25F fused with a model learned from example questions)', () => {
  let kb: KnowledgeBase;
  let pack: ContentPack;
  before(async () => {
    pack = await defaultPack();
    kb = await defaultKnowledge();
  });

  it('gives the same ranking for the same content (seeded training)', () => {
    const again = buildRanker(pack, buildSearchIndex(pack));
    for (const q of ['my HCA keeps phoning in sick on Mondays', 'she wants to go part time', 'new starter next week']) {
      expect(again.rank(q).hits).to.deep.equal(kb.ranker.rank(q).hits);
    }
  });

  it('learns the default pack by regression, with room for HR to teach it many more examples', () => {
    // Counting is the fallback for packs far larger than a trust's; the default pack once slipped into it unnoticed.
    expect(kb.ranker.learnedBy).to.equal('regression');
    const doubled: ContentPack = { ...pack, documents: pack.documents.map((d) => ({ ...d, questions: [...d.questions, ...d.questions.map((q) => ({ ...q, text: `${q.text} again` }))] })) };
    expect(buildRanker(doubled, buildSearchIndex(doubled)).learnedBy).to.equal('regression');
  });

  it('ranks nearly every example question under its own document (lma content validate flags the rest)', () => {
    const total = pack.documents.reduce((n, d) => n + d.questions.length, 0);
    const flagged = checkExampleQuestions(kb);
    expect(total).to.be.above(600);
    expect(flagged.length / total).to.be.below(0.05);
    for (const p of flagged) expect(p).to.include({ severity: 'warning' }).and.to.have.property('message').that.matches(/is answered with/);
  });

  it('learns a question attached to a document: it and a close variant are answered from it', () => {
    const question = 'the pelican rota audit is overdue for my new starter';
    const taught: ContentPack = {
      ...pack,
      documents: pack.documents.map((d) => (d.id === 'probation' ? { ...d, questions: [...d.questions, { text: question, section: 'what-to-do' }] } : d)),
    };
    const before = findAnswer(kb, question);
    const after = createKnowledgeBase(taught);
    const answer = findAnswer(after, question);
    expect(answer.status === 'answer' && answer.passage.doc.id).to.equal('probation');
    expect(before.status === 'answer' && before.passage.doc.id).not.to.equal('probation');
    expect(after.ranker.rank('pelican rota audit overdue, new starter').hits[0]!.docId).to.equal('probation');
  });

  it('reads shorthand through the pack\'s glossary: a term HR adds is understood from then on', () => {
    // "ZQX" is in no guide and no example: only its meaning links it to a guide.
    const question = 'ZQX in from my B5, what now';
    const withTerm = createKnowledgeBase({ ...pack, glossary: [...pack.glossary, { term: 'ZQX', meaning: 'flexible working request' }] });
    const withoutTerm = createKnowledgeBase({ ...pack, glossary: pack.glossary.filter((t) => t.term !== 'ZQX') });
    expect(withTerm.ranker.rank(question).hits[0]!.docId).to.equal('flexible-working');
    expect(withoutTerm.ranker.rank(question).hits[0]!.docId).not.to.equal('flexible-working');
  });

  it('does not let words common to every manager\'s story decide the document', () => {
    const sample = pack.documents.flatMap((d) => d.questions.slice(0, 4).map((q) => q.text));
    let same = 0;
    for (const q of sample) {
      if (kb.ranker.rank(q, 1).hits[0]!.docId === kb.ranker.rank(`${q} on my ward, band 5`, 1).hits[0]!.docId) same++;
    }
    expect(same / sample.length).to.be.at.least(0.9);
  });

  it('names the section that answers, from the example questions', () => {
    const hit = kb.ranker.rank('can I say no to a flexible working request').hits[0]!;
    expect(hit).to.include({ docId: 'flexible-working', section: 'refusing-a-request' });
  });

  it('pauses while reading examples into rows, not only while training (one slice held the loop ~100 ms)', () => {
    const examples = Array.from({ length: 3 * EXAMPLES_PER_STEP }, (_, i) => ({ features: new Map([[`w x${i % 7}`, 1]]), label: `l${i % 3}`, weight: 1 }));
    const { pauses } = runCountingPauses(trainInSteps(examples, { epochs: 1 }));
    // Two pauses while reading, one after, and two within the single epoch.
    expect(pauses).to.equal(5);
  });

  it('rebuilds in slices on live reload, letting other work run meanwhile', async () => {
    const other = createKnowledgeBase(pack);
    let ranMeanwhile = false;
    setImmediate(() => (ranMeanwhile = true));
    const done = other.replaceYielding(pack);
    expect(ranMeanwhile).to.equal(false);
    await done;
    expect(ranMeanwhile).to.equal(true);
    expect(other.ranker.rank('menopause').hits[0]!.docId).to.equal('menopause');
  });

  it('answers from a reloaded pack before its crisis check is retrained, the old check watching meanwhile', async () => {
    const kb = createKnowledgeBase(pack);
    const next: ContentPack = { ...pack };
    let answeredFromNext = false;
    let watched = true;
    let done = false;
    const watch = () => {
      if (done) return;
      if (kb.pack === next) {
        answeredFromNext = true;
        watched &&= kb.isCrisis('one of my nurses told me she wants to kill herself');
      }
      setImmediate(watch);
    };
    watch();
    await kb.replaceYielding(next);
    done = true;
    expect(answeredFromNext).to.equal(true);
    expect(watched).to.equal(true);
    expect(kb.isCrisis('one of my nurses told me she wants to kill herself')).to.equal(true);
  });
});
