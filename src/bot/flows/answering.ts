import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { answerCard, clarifyCard, crisisCard, notFoundCard } from '../../cards/answer-cards.js';
import { documentId } from '../../content/schemas.js';
import { AppError } from '../../errors.js';
import { answerQuestion, passageFor, relatedTo } from '../../knowledge/answer-question.js';
import { recordAnswerFeedback } from '../../knowledge/record-feedback.js';
import { cardAction, cardContext, textIntent, type ReplyServices } from '../registry.js';

/** Answering: any message no other intent takes is a question; "Show" and "Was this helpful?" on the answer card. */
const anchor = z.string().regex(/^[a-z0-9-]{1,120}$/, 'must be a section anchor');

export const questionIntent = textIntent({
  name: 'question',
  match: (text) => ({ question: text }),
  handle: ({ question }, { s }) => {
    const answer = answerQuestion({ knowledge: s.knowledge, log: s.questionLog, clock: s.clock }, question);
    const ctx = cardContext(s);
    switch (answer.status) {
      case 'answer':
        return answerCard(ctx, answer.passage, { answerId: randomUUID(), related: answer.related, question });
      case 'crisis':
        return answer.also
          ? [crisisCard(ctx, answer.passage), answerCard(ctx, answer.also.passage, { answerId: randomUUID(), related: answer.also.related })]
          : crisisCard(ctx, answer.passage);
      case 'clarify':
        return clarifyCard(answer.candidates, question);
      case 'none':
        return notFoundCard(ctx, answer.reason, question);
    }
  },
});

/** The passage a button names; a stale or forged id is refused (NOT_FOUND), not crashed on. */
export function passageOrRefuse(s: ReplyServices, docId: string, section?: string) {
  const passage = passageFor(s.knowledge, docId, section);
  if (!passage) throw new AppError('NOT_FOUND', `no document "${docId}"`);
  return passage;
}

export const answeringActions = [
  cardAction({
    verb: 'show',
    schema: z.object({ docId: documentId, section: anchor.optional() }),
    handle: (a, { s }) => {
      const passage = passageOrRefuse(s, a.docId, a.section);
      return { card: answerCard(cardContext(s), passage, { answerId: randomUUID(), related: relatedTo(s.knowledge, passage.doc) }) };
    },
  }),
  cardAction({
    verb: 'feedback',
    schema: z.object({ answerId: z.string().uuid(), docId: documentId, section: anchor, helpful: z.boolean(), comment: z.string().max(500).optional() }),
    handle: async (a, { s }) => {
      const passage = passageOrRefuse(s, a.docId, a.section);
      const stored = await recordAnswerFeedback({ store: s.store, now: s.clock.now() }, a);
      const feedback = stored.helpful ? 'helpful' : 'not-helpful';
      return { card: answerCard(cardContext(s), passage, { answerId: a.answerId, related: relatedTo(s.knowledge, passage.doc), feedback }) };
    },
  }),
];
