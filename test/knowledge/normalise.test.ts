import { expect } from 'chai';
import { canonicalText, slips, terms, words } from '../../src/knowledge/normalise.js';

describe('normalise', () => {
  it('folds the ways managers write one-to-one into one term', () => {
    for (const q of ['1:1', '1-1', '121', 'one to one', 'one-to-one', '1 to 1', 'one-to-ones']) {
      expect(terms(`my ${q} agenda`), q).to.deep.equal(terms('my onetoone agenda'));
    }
  });

  it('maps US spellings to UK ones, including the -ize family', () => {
    expect(words('behavior organization prioritize counseling')).to.deep.equal(['behaviour', 'organisation', 'prioritise', 'counselling']);
    expect(words('size prize')).to.deep.equal(['size', 'prize']);
  });

  it('lower-cases, drops punctuation, possessives and stop words, and stems', () => {
    expect(terms("What's the CARER'S leave policy?!")).to.deep.equal(['carer', 'leav', 'polici']);
    expect(terms('how do I do it')).to.deep.equal([]);
  });

  it('treats curly apostrophes like straight ones', () => {
    expect(canonicalText('doesn\u2019t')).to.equal(canonicalText("doesn't"));
  });

  it("reads \"I'll\", \"she'll\" and \"he'd\" as the words they stand for, not \"ill\", \"shell\" and \"hed\"", () => {
    expect(words("I'll ask if she'll come back, he'd said he\u2019ll be off")).to.deep.equal(['i', 'will', 'ask', 'if', 'she', 'will', 'come', 'back', 'he', 'would', 'said', 'he', 'will', 'be', 'off']);
    expect(terms("I'll ask")).to.not.include('ill');
  });

  it('keeps numbers whole', () => {
    expect(terms('12 hour shift after 24 weeks')).to.include.members(['12', '24']);
  });

  it('counts two neighbouring letters swapped as one slip', () => {
    expect(slips('retrun', 'return')).to.equal(1);
    expect(slips('sik', 'sick')).to.equal(1);
    expect(slips('overdue', 'overdose')).to.equal(2);
    expect(slips('same', 'same')).to.equal(0);
  });
});
