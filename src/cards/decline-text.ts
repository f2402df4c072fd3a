import type { DeclineReason } from '../knowledge/answer-policy.js';

/** What the assistant says when it will not answer; the Guidance tab's search says the same. */
export const DECLINE_TEXT: Readonly<Record<DeclineReason, { headline: string; advice: string }>> = {
  clinical: {
    headline: "I can't help with clinical questions",
    advice:
      'I only cover people management, so I never give clinical advice such as treatments, medicines, doses or diagnoses. For a clinical question, speak to the right clinical team; for a colleague with a health problem at work, occupational health can advise.',
  },
  it: {
    headline: 'That looks like an IT or systems question',
    advice: 'I cover people management, not IT systems. Please contact your IT service desk for help with passwords, devices or the rota system.',
  },
  pay: {
    headline: 'That looks like a question for payroll',
    advice: 'I cover people management, so I cannot see or explain an individual\'s pay. Your payroll team or the pay queries route on your staff intranet can check a payslip, overtime or a pay point.',
  },
  legal: {
    headline: "I can't give legal advice on a live case",
    advice: 'A tribunal claim, a solicitor\'s letter or any live legal case needs your HR team and the trust\'s legal advisers, not general guidance. Contact HR today and keep any papers you have received.',
  },
  'off-topic': {
    headline: "That isn't something I can help with",
    advice: 'I answer questions about managing and supporting your team, such as sickness absence, flexible working, wellbeing conversations or a new starter. Try asking about one of those, or browse the topics.',
  },
  'no-match': {
    headline: "Sorry, I don't have an answer for that",
    advice:
      'I could not find this in the guidance I hold, and I would rather say so than guess. Try rephrasing with the topic, for example "sickness absence", "flexible working request" or "new starter", or browse the topics.',
  },
  empty: {
    headline: 'What would you like to know?',
    advice: 'Ask me a question about managing your team, for example "someone rang in sick, what do I do?", or browse the topics.',
  },
};

/** What the Guidance tab's search says first for a message about someone at risk (the crisis card's routes). */
export const CRISIS_TEXT = Object.freeze({
  headline: 'If someone may be at risk, act now',
  advice:
    'If a life is in danger right now, or someone has harmed themselves, call 999 or go to A&E, and do not leave them alone. For urgent mental health help, call NHS 111 and choose option 2 (England). Samaritans: call 116 123, free, any time. Shout: text SHOUT to 85258. Then read the guidance below.',
});

/** The same words as the not-found card, as one plain line (the message extension shows text, not a card). */
export function declineText(reason: DeclineReason): string {
  const text = DECLINE_TEXT[reason];
  return `${text.headline}. ${text.advice}`;
}
