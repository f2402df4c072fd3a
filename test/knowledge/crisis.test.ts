import { expect } from 'chai';
import { matchesCrisisPattern } from '../../src/knowledge/crisis.js';
import { findAnswer } from '../../src/knowledge/answer-question.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { defaultKnowledge } from '../helpers/content.js';

describe('crisis check', () => {
  let kb: KnowledgeBase;
  before(async () => {
    kb = await defaultKnowledge();
  });

  const atRisk = [
    "my nurse said she can't go on and has a plan to end it",
    'one of my staff said she wants to kill herself',
    "she told me she can't go on",
    'he wishes he could go to sleep and not wake up',
    'has been giving his things away and saying goodbye to everyone',
    'my HCA said everyone would be better off without her',
    'one of the porters has been self harming',
    'colleague took an overdose last night',
    "i cant do this anymore, i don't want to be here",
    'he threatened to stab his supervisor',
    'my band 6 is suicidle',
    'she says shes been hearing voices telling her to hurt people',
    "he's thought through exactly how he would do it if the court case goes badly",
  ];
  const lookAlikes = [
    'how can I kill two birds with one stone on the rota',
    'my HCA is dying to get on the course',
    'this rota is killing me',
    'the deadline for appraisals is Friday',
    'we have a staffing crisis on nights',
    'Jess is brilliant in a crisis, how do I develop her',
    'what suicide prevention training can my team do',
    "I've worked out how I would do it: swap the long days and move the training to Tuesdays",
  ];

  for (const text of atRisk) {
    it(`flags "${text}"`, () => {
      expect(kb.isCrisis(text), text).to.equal(true);
      expect(findAnswer(kb, text).status).to.equal('crisis');
    });
  }
  for (const text of lookAlikes.filter((t) => !/suicide prevention/.test(t))) {
    it(`does not flag "${text}"`, () => {
      expect(kb.isCrisis(text), text).to.equal(false);
    });
  }

  it('hears risk said in passing at the end of a message about something else, which no pattern lists', () => {
    const text = 'I need help with the rota for next month and the bank shifts are not covering nights, and my HCA said she cannot see the point of carrying on any more and has sorted out who gets her cat';
    expect(matchesCrisisPattern(text)).to.equal(false);
    expect(kb.isCrisis(text)).to.equal(true);
  });

  it('points a crisis at the stress guide\'s crisis section', () => {
    const answer = findAnswer(kb, 'one of my staff said she wants to kill herself');
    expect(answer.status === 'crisis' && answer.passage?.section.anchor).to.equal('if-someone-is-in-crisis');
  });

  it('says nothing about stray letters and symbols (found by fast-check: "ᵉ Ò")', () => {
    for (const text of ['ᵉ Ò', 'e o', 'x y z']) expect(kb.isCrisis(text), text).to.equal(false);
  });

  it('catches explicit words through thumb slips, by pattern alone', () => {
    for (const text of ['she wants to kil herslef', 'he is feeling suicidal', 'talking about ending his life']) expect(matchesCrisisPattern(text), text).to.equal(true);
  });

  it('treats a question about suicide-prevention policy as a question, never as nothing', () => {
    const answer = findAnswer(kb, lookAlikes[6]!);
    expect(answer.status).not.to.equal('none');
  });

  it('leaves a message of two known words to the patterns: the learned check has too little to go on', () => {
    // "away" is in many risk examples ("giving her things away"); two words are not enough to flag.
    for (const text of ['time away', 'she went away', 'leave balance']) expect(kb.isCrisis(text), text).to.equal(false);
    // Short messages of real risk still get the card, from the patterns.
    for (const text of ['suicidal nurse', 'he has a rope', 'wants to die']) expect(kb.isCrisis(text), text).to.equal(true);
  });
});
