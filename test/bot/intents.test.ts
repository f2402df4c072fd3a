import { expect } from 'chai';
import { intentOf, TEXT_INTENTS } from '../../src/bot/chat-routes.js';

const TODAY = '2026-11-24';

/** What each wording is taken as; the last column is the parameters, where the intent has any. */
const EXAMPLES: readonly (readonly [string, string, unknown?])[] = [
  ['forget me', 'forget-me'],
  ['Delete my data.', 'forget-me'],
  ['show my reminders', 'reminders'],
  ['Nudges', 'reminders'],
  ['start reminders', 'start-reminders'],
  // "restart" alone resumes; "restart reminders" may mean after "forget me", so it goes to start first.
  ['restart my reminders', 'start-reminders'],
  ['restart', 'resume'],
  ['my settings', 'settings'],
  ['Reminder preferences', 'settings'],
  ["I've got a new starter", 'new-starter'],
  ['new starter!', 'new-starter'],
  ["I'm back from leave", 'resume'],
  ['unpause my nudges', 'resume'],
  ["I'm on leave until 4 December", 'pause', { dateText: '4 December' }],
  ['I\u2019m on annual leave till Friday', 'pause', { dateText: 'Friday' }],
  ['pause reminders until 2026-12-04', 'pause', { dateText: '2026-12-04' }],
  ['I am away to 18/12', 'pause', { dateText: '18/12' }],
  // With "to", only a date makes it leave: these are questions.
  ["I'm off to see a new starter about their probation", 'question'],
  ["I'm away to a conference, who covers my team?", 'question'],
  ['ask HR can I carry over leave?', 'ask-hr', { question: 'can I carry over leave?' }],
  ['Ask the HR team: who signs off a secondment', 'ask-hr', { question: 'who signs off a secondment' }],
  ['ask hr', 'ask-hr', { question: '' }],
  ['my questions', 'my-hr-questions'],
  ['Show my questions to HR', 'my-hr-questions'],
  // Asking about HR is a question, not "ask HR".
  ['what does HR ask for at a return to work?', 'question'],
  ['help', 'help'],
  ['Browse the topics', 'help'],
  ['?', 'help'],
  ['Hello!', 'greeting'],
  ['good morning', 'greeting'],
  ['How do I record sickness absence?', 'question', { question: 'How do I record sickness absence?' }],
  ['  my settings please  ', 'question'],
  ['help me with a new starter', 'question'],
];

describe('bot: intentOf (what a message asks for)', () => {
  for (const [text, name, params] of EXAMPLES) {
    it(`"${text}" is ${name}`, () => {
      const intent = intentOf(text, TODAY);
      expect(intent.name).to.equal(name);
      if (params !== undefined) expect(intent.params).to.deep.equal(params);
    });
  }

  it('has an example for every registered intent', () => {
    const covered = new Set(EXAMPLES.map(([, name]) => name));
    expect(TEXT_INTENTS.map((i) => i.name).filter((n) => !covered.has(n))).to.deep.equal([]);
  });

  it('trims the message and reads curly apostrophes as straight ones', () => {
    expect(intentOf('  I\u2019m back  ', TODAY).name).to.equal('resume');
    expect(intentOf('  What is   Agenda for Change?  ', TODAY).params).to.deep.equal({ question: 'What is   Agenda for Change?' });
  });
});
