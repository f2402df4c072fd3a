import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { answerCard, clarifyCard, helpCard, notFoundCard, welcomeCard, type CardContext } from '../cards/cards.js';
import type { Card } from '../cards/render-card.js';
import { AppError } from '../errors.js';
import { answerQuestion, passageFor, relatedTo } from '../knowledge/answer-question.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { QuestionLog } from '../knowledge/question-log.js';
import type { Store } from '../store/store.js';
import type { CardAction } from './card-actions.js';

/**
 * What the bot says, as plain functions from input to card. No botbuilder
 * here: the activity handler turns these cards into activities.
 */
export interface ReplyServices {
  readonly knowledge: KnowledgeBase;
  readonly store: Store;
  readonly questionLog: QuestionLog;
  readonly clock: Clock;
  readonly publicUrl: string;
}

const HELP_WORDS = /^(help|browse|topics|menu|start|\?)$/i;
const GREETING_WORDS = /^(hi|hello|hey|good (morning|afternoon|evening))[!.]?$/i;

function context(s: ReplyServices): CardContext {
  return { publicUrl: s.publicUrl, settings: s.knowledge.pack.settings };
}

export async function replyToText(s: ReplyServices, text: string): Promise<Card> {
  const question = text.trim();
  if (HELP_WORDS.test(question)) return helpCard(s.knowledge.pack);
  if (GREETING_WORDS.test(question)) return welcomeCard(context(s));
  const answer = answerQuestion({ knowledge: s.knowledge, log: s.questionLog, clock: s.clock }, question);
  switch (answer.status) {
    case 'answer':
      return answerCard(context(s), answer.passage, { answerId: randomUUID(), related: answer.related });
    case 'clarify':
      return clarifyCard(answer.candidates);
    case 'none':
      return notFoundCard(context(s), answer.reason, question);
  }
}

export function welcome(s: ReplyServices): Card {
  return welcomeCard(context(s));
}

/** Handles a card button; the card returned replaces the one that was clicked. */
export async function replyToAction(s: ReplyServices, action: CardAction): Promise<Card> {
  switch (action.verb) {
    case 'help':
      return helpCard(s.knowledge.pack);
    case 'show': {
      const passage = passageFor(s.knowledge, action.docId, action.section);
      if (!passage) throw new AppError('NOT_FOUND', `no document "${action.docId}"`);
      return answerCard(context(s), passage, { answerId: randomUUID(), related: relatedTo(s.knowledge, passage.doc) });
    }
    case 'feedback': {
      const passage = passageFor(s.knowledge, action.docId, action.section);
      if (!passage) throw new AppError('NOT_FOUND', `no document "${action.docId}"`);
      const comment = action.comment?.trim() || undefined;
      await s.store.recordFeedback({ ...action, comment, at: s.clock.now() });
      // A second click finds the first answer stored and shows that, so nothing changes.
      const stored = await s.store.feedbackFor(action.answerId);
      const feedback = (stored?.helpful ?? action.helpful) ? 'helpful' : 'not-helpful';
      return answerCard(context(s), passage, { answerId: action.answerId, related: relatedTo(s.knowledge, passage.doc), feedback });
    }
  }
}
