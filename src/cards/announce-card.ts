import type { ContentDocument } from '../content/types.js';
import { documentUrl, type CardContext } from './card-context.js';
import { escapeMarkdown, trimText } from './card-text.js';
import { renderCard, type Card } from './render-card.js';

/** "Tell managers what changed": HR's short message and a link to each changed document. */
export function announceCard(ctx: CardContext, message: string, documents: readonly Pick<ContentDocument, 'id' | 'title'>[]): Card {
  return renderCard('announce', {
    message: escapeMarkdown(trimText(message.replace(/\s+/g, ' ').trim(), 500)),
    documents: documents.map((d) => ({ title: d.title, url: documentUrl(ctx, d.id) })),
    trustName: escapeMarkdown(ctx.settings.trust_name?.trim() || 'your trust'),
  });
}
