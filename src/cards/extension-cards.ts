import type { Passage } from '../knowledge/answer-question.js';
import { documentUrl, packVersion, type CardContext } from './card-context.js';
import { contentToCardMarkdown, escapeMarkdown, formatDate, plainPunctuation, trimText } from './card-text.js';
import { renderCard, type Card } from './render-card.js';

/** The crisis card shows its guide's section at this length too. */
export const SHARED_SECTION_CHARS = 1200;

/**
 * Guidance a manager inserts into a chat from the message extension. Only
 * links, no buttons that call the bot: the chat may not have the bot in it.
 */
export function sharedGuidanceCard(ctx: CardContext, passage: Passage): Card {
  const { doc, section } = passage;
  const key = [ctx.publicUrl, ctx.teamsAppId ?? '', doc.id, doc.lastReviewed, section.anchor, packVersion(ctx.settings)].join('|');
  return renderCard(
    'shared-guidance',
    () => ({
      title: escapeMarkdown(doc.title),
      heading: section.heading === 'Overview' ? '' : escapeMarkdown(section.heading),
      text: trimText(contentToCardMarkdown(section.text), SHARED_SECTION_CHARS),
      sourceTitle: escapeMarkdown(doc.source.title),
      sourceUrl: doc.source.url,
      lastReviewed: formatDate(doc.lastReviewed),
      readMoreUrl: documentUrl(ctx, doc.id, section.anchor),
    }),
    { key },
  );
}

/** The line shown for a result in the message extension's list (a thumbnail card's title, subtitle and text). */
export interface ResultPreview {
  readonly title: string;
  readonly subtitle: string;
  readonly text: string;
}

export function resultPreview(passage: Passage, stageTitle: string | undefined): ResultPreview {
  // Preview fields render a little HTML; content titles and summaries are plain sentences, so
  // dropping angle brackets keeps them plain text whatever an author typed.
  const plain = (text: string) => plainPunctuation(text).replace(/[<>]/g, '');
  return {
    title: plain(passage.doc.title),
    subtitle: plain(stageTitle ?? ''),
    text: plain(trimText(passage.doc.summary, 200)),
  };
}
