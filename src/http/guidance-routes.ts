import { z } from 'zod';
import { guidancePageUrl } from '../cards/card-context.js';
import { CRISIS_TEXT, DECLINE_TEXT } from '../cards/decline-text.js';
import { formatDate } from '../cards/card-text.js';
import type { ContentDocument } from '../content/types.js';
import { AppError } from '../errors.js';
import { findAnswer, MAX_QUESTION_LENGTH, relatedTo } from '../knowledge/answer-question.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { parseInput, type ApiRoute } from './api-routes.js';
import { renderDocumentHtml } from './guidance-page.js';

export interface GuidanceRouteDeps {
  readonly knowledge: KnowledgeBase;
  readonly publicUrl: string;
}

const MAX_RESULTS = 8;
const searchQuery = z.object({ q: z.string().trim().min(1, 'type something to search for').max(MAX_QUESTION_LENGTH) });

/**
 * The Guidance tab's API: search, life-cycle stages and whole documents, from
 * the same index the bot answers from. Public, like the /guidance/:id pages:
 * it is published policy guidance with nothing personal in it, so a tab can
 * show it before (or without) Teams sign-in. Searches are not logged: the
 * question log counts questions put to the assistant, not browsing.
 */
export function guidanceRoutes({ knowledge, publicUrl }: GuidanceRouteDeps): ApiRoute[] {
  const summary = (d: ContentDocument) => ({ id: d.id, title: d.title, summary: d.summary });
  return [
    {
      method: 'get',
      path: '/api/guidance/stages',
      access: 'public',
      handler: async () => {
        const { stages, documents } = knowledge.pack;
        return {
          stages: stages
            .map((s) => ({ id: s.id, title: s.title, description: s.description, documents: documents.filter((d) => d.stage === s.id).map(summary) }))
            .filter((s) => s.documents.length > 0),
        };
      },
    },
    {
      method: 'get',
      path: '/api/guidance/search',
      access: 'public',
      handler: async (ctx) => {
        const { q } = parseInput(searchQuery, ctx.query);
        // The answer policy decides as it does for the bot: clinical, IT and weak matches get no results, only advice.
        const answer = findAnswer(knowledge, q);
        const corrections = knowledge.index.search(q, 1).corrections;
        if (answer.status === 'none') return { query: q, corrections, results: [], notice: DECLINE_TEXT[answer.reason] };
        const results = answer.hits.slice(0, MAX_RESULTS).flatMap((hit) => {
          const doc = knowledge.document(hit.docId);
          const section = doc?.sections.find((x) => x.anchor === hit.section) ?? doc?.sections.find((x) => x.heading === 'What to do');
          return doc ? [{ ...summary(doc), section: section?.anchor, heading: section?.heading }] : [];
        });
        // Someone may be at risk: the urgent routes first, then the guidance (the crisis section leads).
        if (answer.status === 'crisis') {
          const guide = answer.passage;
          const results = guide
            ? [{ ...summary(guide.doc), section: guide.section.anchor, heading: guide.section.heading }, ...relatedTo(knowledge, guide.doc).map(summary)]
            : [];
          return { query: q, corrections, results, notice: CRISIS_TEXT };
        }
        return { query: q, corrections, results };
      },
    },
    {
      method: 'get',
      path: '/api/guidance/documents/:id',
      access: 'public',
      handler: async (ctx) => {
        const doc = knowledge.document(ctx.params.id ?? '');
        if (!doc) throw new AppError('NOT_FOUND', 'There is no guidance with that name. It may have been renamed or withdrawn.');
        const stage = knowledge.pack.stages.find((s) => s.id === doc.stage);
        return {
          ...summary(doc),
          stage: stage ? { id: stage.id, title: stage.title } : undefined,
          source: doc.source,
          references: doc.references,
          lastReviewed: doc.lastReviewed,
          reviewDue: doc.reviewDue,
          lastReviewedText: formatDate(doc.lastReviewed),
          reviewDueText: formatDate(doc.reviewDue),
          sections: doc.sections.map((s) => ({ anchor: s.anchor, heading: s.heading })),
          html: renderDocumentHtml(doc),
          related: relatedTo(knowledge, doc).map(summary),
          webUrl: guidancePageUrl(publicUrl, doc.id),
        };
      },
    },
  ];
}
