import { expect } from 'chai';
import { shorthandReader } from '../../src/knowledge/glossary.js';

const read = shorthandReader([
  { term: 'FWR', meaning: 'flexible working request' },
  { term: 'OH', meaning: 'occupational health' },
  { term: 'B&H', meaning: 'bullying and harassment' },
  { term: 'A/L', meaning: 'annual leave' },
]);

describe('reading NHS shorthand', () => {
  it('writes a term\'s meaning beside it, keeping the term, in any case from three letters', () => {
    expect(read('FWR refused, can they appeal')).to.equal('FWR (flexible working request) refused, can they appeal');
    expect(read('fwr refused')).to.equal('fwr (flexible working request) refused');
  });

  it('reads a two-letter term only in capitals: in lower case it is mostly a word', () => {
    expect(read('referred to OH')).to.equal('referred to OH (occupational health)');
    expect(read('oh no, not again')).to.equal('oh no, not again');
  });

  it('reads terms joined by "&" or "/" as one, and never a term inside a longer word', () => {
    expect(read('B&H complaint')).to.equal('B&H (bullying and harassment) complaint');
    expect(read('booked A/L')).to.equal('booked A/L (annual leave)');
    expect(read('FWRS and OHIO')).to.equal('FWRS and OHIO');
  });

  it('reads clinical date shorthand without a glossary', () => {
    const readShorthandPlainly = shorthandReader([]);
    expect(readShorthandPlainly('off 6/52 with a back injury, RTW after 3/7?')).to.equal('off 6/52 (6 weeks) with a back injury, RTW after 3/7 (3 days)?');
    expect(readShorthandPlainly('MC at 14/40, off for 2/12')).to.equal('MC at 14/40 (14 weeks pregnant), off for 2/12 (2 months)');
    expect(readShorthandPlainly('ratio 1/3 of the team')).to.equal('ratio 1/3 of the team');
  });
});
