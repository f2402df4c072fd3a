import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { importRoster } from '../nudges/import-roster.js';
import type { RosterLimits } from '../nudges/roster.js';
import { ContentRejected, type Actor } from '../publishing/content-set.js';
import { diffVersions, documentHistory, getDocument, listDocuments } from '../publishing/document-history.js';
import { announceChanges, type AnnounceDeps } from '../publishing/announce.js';
import { attachQuestionToDocument } from '../publishing/attach-question.js';
import { dashboardFigures, feedbackByDocument, unansweredQuestions } from '../publishing/insights.js';
import type { ContentSync } from '../publishing/live-content.js';
import { draftPreviews } from '../publishing/preview.js';
import { publishDocument, restoreVersion, retireDocument, validateDraft } from '../publishing/publish-document.js';
import type { Store } from '../store/store.js';
import { caller, parseInput, reply, type ApiContext, type ApiRoute } from './api-routes.js';

export interface AdminDeps {
  readonly store: Store;
  readonly knowledge: KnowledgeBase;
  /** The nudge clock (tests may set it); dashboards count up to its "now". */
  readonly clock: Clock;
  /** The real clock: content rules (review dates) are checked against the real date. */
  readonly contentClock: Clock;
  /** CONTENT_MAX_DOCUMENT_BYTES. */
  readonly maxDocumentBytes: number;
  readonly contentSync: Pick<ContentSync, 'refresh'>;
  readonly publicUrl: string;
  readonly minGroupSize: number;
  /** ROSTER_MAX_BYTES and ROSTER_MAX_ROWS: an upload may be as large as a file given to the CLI. */
  readonly rosterLimits: RosterLimits;
  /** For "tell managers what changed": the nudge engine's sender, its rate cap, and the service's stop signal. */
  readonly announce: Pick<AnnounceDeps, 'messenger' | 'limiter' | 'signal' | 'logger' | 'teamsAppId'>;
}

// The document size rule (with its line and limit) is the validator's; this only stops absurd bodies.
const markdown = z.string().max(1_000_000, 'is too long');
const changeNote = z.string().max(500, 'must be at most 500 characters');
const validateBody = z.object({ markdown, question: z.string().max(500).optional() });
const publishBody = z.object({ markdown, changeNote });
const retireBody = z.object({ changeNote });
const restoreBody = z.object({ version: z.number().int().min(1), changeNote });
const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);
const diffQuery = z.object({ from: wholeNumber(1, 1e9, 0), to: wholeNumber(1, 1e9, 0) }).refine((q) => q.from > 0 && q.to > 0, 'from and to are required');
const announceBody = z.object({ documentIds: z.array(z.string().max(80)).min(1).max(20), message: z.string().min(1).max(500) });
const rosterQuery = z.object({ full: z.enum(['true', 'false']).optional(), confirmLeft: z.enum(['true', 'false']).optional() });
// Lengths and ids are checked by the use-case, which names the field; these only stop absurd bodies.
const attachBody = z.object({ question: z.string().max(2000, 'is too long'), docId: z.string().max(200, 'is too long'), section: z.string().max(200, 'is too long').optional() });

/** The HR admin API (contract: the admin tab). Every route needs the HR publisher role. */
export function adminRoutes(deps: AdminDeps): ApiRoute[] {
  const publishing = { store: deps.store, clock: deps.contentClock, maxDocumentBytes: deps.maxDocumentBytes };
  const actorOf = (ctx: ApiContext): Actor => {
    const who = caller(ctx);
    return { name: who.email ?? who.userId };
  };
  // A change: this instance answers from the new content at once, the others within their poll
  // interval. A refused change answers 400 with every problem, as text (details) and as data (problems).
  const change = async <T>(run: () => Promise<T>): Promise<T | ReturnType<typeof reply>> => {
    try {
      const result = await run();
      void deps.contentSync.refresh();
      return result;
    } catch (err) {
      if (err instanceof ContentRejected) return reply(400, { error: err.message, details: err.details, problems: err.problems });
      throw err;
    }
  };
  const docId = (ctx: ApiContext) => ctx.params.id ?? '';

  const hr = (method: ApiRoute['method'], path: string, handler: ApiRoute['handler']): ApiRoute => ({ method, path, access: 'hr', handler });
  return [
    hr('get', '/api/admin/documents', async () => ({ documents: await listDocuments(publishing) })),
    hr('get', '/api/admin/documents/:id', async (ctx) => getDocument(publishing, docId(ctx))),
    hr('post', '/api/admin/documents/:id/validate', async (ctx) => {
      const input = parseInput(validateBody, ctx.body);
      const check = await validateDraft(publishing, docId(ctx), input.markdown);
      return { ok: check.ok, problems: check.problems, ...draftPreviews(check, deps.publicUrl, input.question) };
    }),
    hr('post', '/api/admin/documents/:id/publish', async (ctx) => {
      const input = parseInput(publishBody, ctx.body);
      return change(() => publishDocument(publishing, actorOf(ctx), docId(ctx), input.markdown, input.changeNote));
    }),
    hr('post', '/api/admin/documents/:id/retire', async (ctx) => {
      const input = parseInput(retireBody, ctx.body);
      return change(() => retireDocument(publishing, actorOf(ctx), docId(ctx), input.changeNote));
    }),
    hr('post', '/api/admin/documents/:id/restore', async (ctx) => {
      const input = parseInput(restoreBody, ctx.body);
      return change(() => restoreVersion(publishing, actorOf(ctx), docId(ctx), input.version, input.changeNote));
    }),
    hr('get', '/api/admin/documents/:id/history', async (ctx) => ({ versions: await documentHistory(publishing, docId(ctx)) })),
    hr('get', '/api/admin/documents/:id/diff', async (ctx) => {
      const q = parseInput(diffQuery, ctx.query);
      return diffVersions(publishing, docId(ctx), q.from, q.to);
    }),
    {
      ...hr('post', '/api/admin/roster', async (ctx) => {
        const query = parseInput(rosterQuery, ctx.query);
        const full = query.full === 'true';
        // Read as it arrives (body: 'csv-stream'): our parser checks size and rows as it goes.
        if (!(ctx.body instanceof Readable)) throw new AppError('VALIDATION', 'send the roster as CSV text (Content-Type: text/csv)');
        const report = await importRoster({ store: deps.store, clock: deps.clock }, ctx.body, { full, confirmLeft: query.confirmLeft === 'true', limits: deps.rosterLimits, actor: actorOf(ctx).name });
        const imported = report.added + report.updated;
        return { imported, added: report.added, updated: report.updated, unchanged: report.unchanged, left: report.markedLeft, badLines: report.badLines, problems: report.problems };
      }),
      maxBodyBytes: deps.rosterLimits.maxBytes,
      body: 'csv-stream',
    },
    hr('get', '/api/admin/unanswered', async (ctx) => ({
      questions: await unansweredQuestions(deps, parseInput(z.object({ limit: wholeNumber(1, 1000, 200) }), ctx.query).limit),
    })),
    hr('post', '/api/admin/questions', async (ctx) => {
      const input = parseInput(attachBody, ctx.body);
      return change(async () => {
        const r = await attachQuestionToDocument(publishing, actorOf(ctx), input);
        return { id: r.id, title: r.title, version: r.version, section: r.section ?? null, added: r.added };
      });
    }),
    hr('get', '/api/admin/feedback', async () => ({ documents: await feedbackByDocument(deps) })),
    hr('get', '/api/admin/dashboard', async (ctx) => {
      const { weeks } = parseInput(z.object({ weeks: wholeNumber(1, 104, 12) }), ctx.query);
      return dashboardFigures(deps, weeks);
    }),
    hr('get', '/api/admin/audit', async (ctx) => {
      const { limit } = parseInput(z.object({ limit: wholeNumber(1, 1000, 100) }), ctx.query);
      const entries = await deps.store.audit.list(limit);
      return { entries: entries.map((e) => ({ at: e.at, actor: e.actor, action: e.action, target: e.target, version: e.version ?? null, detail: e.detail ?? null })) };
    }),
    hr('post', '/api/admin/announce', async (ctx) => {
      const input = parseInput(announceBody, ctx.body);
      const { queued } = await announceChanges(
        { ...deps.announce, store: deps.store, knowledge: deps.knowledge, clock: deps.clock, publicUrl: deps.publicUrl },
        actorOf(ctx),
        input.documentIds,
        input.message,
      );
      return { queued };
    }),
  ];
}
