import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { answerCard } from '../../cards/answer-cards.js';
import { browseStageCard, helpCard, welcomeCard } from '../../cards/browse-cards.js';
import type { Card } from '../../cards/render-card.js';
import { documentId } from '../../content/schemas.js';
import { AppError } from '../../errors.js';
import { relatedTo } from '../../knowledge/answer-question.js';
import { WELCOME_STARTERS } from '../prompt-starters.js';
import { passageOrRefuse } from './answering.js';
import { cardAction, cardContext, wordsIntent, type ReplyServices } from '../registry.js';

/** Finding your way: the welcome, help (the stages), a stage's topics; opened topics and questions come below the card clicked. */
export function welcome(s: ReplyServices): Card {
  return welcomeCard(cardContext(s), WELCOME_STARTERS);
}

export const helpIntent = wordsIntent('help', /^(help|browse( (the )?topics)?|(show )?(all )?topics|menu|start|\?)[.!]?$/i, ({ s }) => helpCard(s.knowledge.pack));
export const greetingIntent = wordsIntent('greeting', /^(hi|hello|hey|good (morning|afternoon|evening))[!.]?$/i, ({ s }) => welcome(s));

function stageCard(s: ReplyServices, stageId: string, openedDocId?: string): Card {
  const card = browseStageCard(s.knowledge.pack, stageId, openedDocId);
  if (!card) throw new AppError('NOT_FOUND', `no stage "${stageId}" with topics`);
  return card;
}

export const browseActions = [
  cardAction({ verb: 'help', schema: z.object({}), handle: (_a, { s }) => ({ card: helpCard(s.knowledge.pack) }) }),
  cardAction({ verb: 'browse-stage', schema: z.object({ stageId: documentId }), handle: (a, { s }) => ({ card: stageCard(s, a.stageId) }) }),
  // A topic opened from a stage's list: sent below, the stage card stays (with the topic marked).
  cardAction({
    verb: 'browse-open',
    schema: z.object({ stageId: documentId, docId: documentId }),
    handle: (a, { s }) => {
      const passage = passageOrRefuse(s, a.docId);
      const followUp = answerCard(cardContext(s), passage, { answerId: randomUUID(), related: relatedTo(s.knowledge, passage.doc) });
      return { card: stageCard(s, a.stageId, a.docId), followUp };
    },
  }),
  // A question button on the welcome card: answered below as if typed, the welcome stays.
  cardAction({
    verb: 'ask',
    schema: z.object({ question: z.string().trim().min(1).max(200) }),
    handle: async (a, { s, replyToText }) => ({ card: welcome(s), followUp: await replyToText(a.question) }),
  }),
];
