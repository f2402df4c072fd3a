import type { ContentPack } from '../content/types.js';
import { packVersion, type CardContext } from './card-context.js';
import { escapeMarkdown } from './card-text.js';
import { renderCard, type Card } from './render-card.js';

/** Browsing, first level: each stage of employment, with how many topics it holds. */
export function helpCard(pack: Pick<ContentPack, 'stages' | 'documents' | 'settings'>): Card {
  return renderCard(
    'help',
    () => ({
      stages: pack.stages
        .map((stage) => ({ stage, count: pack.documents.filter((d) => d.stage === stage.id).length }))
        .filter(({ count }) => count > 0)
        .map(({ stage, count }) => ({ id: stage.id, title: escapeMarkdown(stage.title), topics: count === 1 ? '1 topic' : `${count} topics` })),
    }),
    { key: String(packVersion(pack.settings)) },
  );
}

/**
 * Browsing, second level: one stage's topics, each a full-width row whose title
 * wraps (so nothing is cut off or hidden behind "..."), and "Back to topics".
 * `openedDocId` names the topic just sent below the card.
 */
export function browseStageCard(pack: Pick<ContentPack, 'stages' | 'documents' | 'settings'>, stageId: string, openedDocId?: string): Card | undefined {
  const stage = pack.stages.find((s) => s.id === stageId);
  const documents = pack.documents.filter((d) => d.stage === stageId);
  const opened = documents.find((d) => d.id === openedDocId);
  if (!stage || documents.length === 0) return undefined;
  return renderCard(
    'browse-stage',
    () => ({
      stageId: stage.id,
      title: escapeMarkdown(stage.title),
      description: escapeMarkdown(stage.description),
      documents: documents.map((d) => ({ id: d.id, title: escapeMarkdown(d.title) })),
      opened: opened ? `Opened below: ${escapeMarkdown(opened.title)}.` : '',
    }),
    { key: `${stage.id}|${opened?.id ?? ''}|${packVersion(pack.settings)}` },
  );
}

/** The welcome, with questions to tap (`starters`: title shown, prompt asked). */
export function welcomeCard(ctx: CardContext, starters: readonly { title: string; prompt: string }[] = []): Card {
  return renderCard('welcome', {
    trustName: escapeMarkdown(ctx.settings.trust_name?.trim() || 'your trust'),
    starters: starters.map((s) => ({ title: s.title, prompt: s.prompt })),
  });
}
