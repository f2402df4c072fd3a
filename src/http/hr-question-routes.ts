import { z } from 'zod';
import type { Clock } from '../clock.js';
import { ticketFigures, type TicketFigureDeps } from '../hr-questions/figures.js';
import { chooseHrTeam, hrChannelSetting, type HrChannelDeps } from '../hr-questions/hr-channel.js';
import type { HrMember, Ticket } from '../hr-questions/ticket.js';
import { assignTicket, closeTicket, listTickets, replyToTicket, ticketForHr, type Outcome, type TicketDeps } from '../hr-questions/tickets.js';
import { attachQuestionToDocument, type AttachDeps } from '../publishing/attach-question.js';
import type { ContentSync } from '../publishing/live-content.js';
import { caller, parseInput, reply, type ApiContext, type ApiRoute } from './api-routes.js';

/**
 * Questions to HR in the admin tab (HR only): the queue, a ticket, Assign,
 * Reply (optionally adding the question to a guide: the teach loop), Close,
 * the HR channel and the dashboard's figures. The same use-cases as the chat
 * buttons, so a click here and one in Teams meet the same guarded updates.
 */
export interface HrQuestionRouteDeps {
  readonly tickets: TicketDeps;
  /** The ticket store, for the dashboard's figures. */
  readonly store: TicketFigureDeps['tickets'];
  readonly channel: HrChannelDeps;
  readonly publishing: AttachDeps;
  readonly contentSync: Pick<ContentSync, 'refresh'>;
  readonly clock: Clock;
  readonly minGroupSize: number;
}

const status = z.enum(['open', 'assigned', 'answered', 'closed']).optional();
const listQuery = z.object({ status, holder: z.enum(['me', 'anyone']).optional() });
const version = z.number().int().min(1);
const assignBody = z.object({ version });
const replyBody = z.object({
  version,
  // The use-case names the field when the reply is empty or too long; this only stops absurd bodies.
  reply: z.string().max(20_000, 'is too long'),
  addToGuide: z.object({ docId: z.string().max(200), section: z.string().max(200).optional() }).optional(),
});
const closeBody = z.object({ version, reason: z.string().max(100) });
const channelBody = z.object({ teamId: z.string().min(1).max(300) });
const monthsQuery = z.object({ months: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(1).max(24)).optional() });

export function hrQuestionRoutes(deps: HrQuestionRouteDeps): ApiRoute[] {
  const member = (ctx: ApiContext): HrMember => {
    const who = caller(ctx);
    return { aadObjectId: who.userId, userId: undefined, name: who.name ?? who.email ?? 'HR' };
  };
  const id = (ctx: ApiContext) => ctx.params.id ?? '';
  const hr = (method: ApiRoute['method'], path: string, handler: ApiRoute['handler']): ApiRoute => ({ method, path, access: 'hr', handler });
  return [
    hr('get', '/api/admin/hr-questions', async (ctx) => {
      const q = parseInput(listQuery, ctx.query);
      const tickets = await listTickets(deps.tickets, { status: q.status, assignee: q.holder === 'me' ? caller(ctx).userId : undefined });
      return { tickets: tickets.map((t) => ({ ...view(t), ageDays: t.ageDays })), channel: await hrChannelSetting(deps.channel) };
    }),
    hr('get', '/api/admin/hr-questions/figures', async (ctx) => {
      const { months } = parseInput(monthsQuery, ctx.query);
      return ticketFigures({ tickets: deps.store, clock: deps.clock, minGroupSize: deps.minGroupSize }, months ?? 6);
    }),
    hr('get', '/api/admin/hr-questions/:id', async (ctx) => view(await ticketForHr(deps.tickets, id(ctx)))),
    hr('post', '/api/admin/hr-questions/:id/assign', async (ctx) => {
      const body = parseInput(assignBody, ctx.body);
      return outcome(await assignTicket(deps.tickets, id(ctx), member(ctx), body.version));
    }),
    hr('post', '/api/admin/hr-questions/:id/reply', async (ctx) => {
      const body = parseInput(replyBody, ctx.body);
      const done = await replyToTicket(deps.tickets, id(ctx), member(ctx), body.reply, body.version);
      if (!done.ok || !body.addToGuide) return outcome(done);
      // The teach loop: the manager's question joins the guide's questions as a new published version.
      const who = caller(ctx);
      const added = await attachQuestionToDocument(deps.publishing, { name: who.email ?? who.userId }, { question: done.ticket.question, ...body.addToGuide });
      void deps.contentSync.refresh();
      return { ...outcome(done), guide: { id: added.id, title: added.title, version: added.version, added: added.added } };
    }),
    hr('post', '/api/admin/hr-questions/:id/close', async (ctx) => {
      const body = parseInput(closeBody, ctx.body);
      return outcome(await closeTicket(deps.tickets, id(ctx), member(ctx), body.reason, body.version));
    }),
    hr('get', '/api/admin/hr-channel', async () => hrChannelSetting(deps.channel)),
    hr('put', '/api/admin/hr-channel', async (ctx) => {
      const who = caller(ctx);
      return chooseHrTeam(deps.channel, who.email ?? who.userId, parseInput(channelBody, ctx.body).teamId);
    }),
  ];
}

/** A refused change is 409 with the ticket as it is now and why, so the tab can redraw it. */
function outcome(done: Outcome) {
  return done.ok ? { ok: true, ticket: view(done.ticket) } : reply(409, { error: REFUSED[done.why], why: done.why, ticket: view(done.ticket) });
}

const REFUSED = {
  taken: 'Someone else holds this question, so nothing changed.',
  stale: 'This question changed since you opened it, so nothing changed. It is shown as it is now.',
  'not-open': 'That cannot be done to this question now, so nothing changed.',
  closed: 'This question is closed, so nothing changed.',
} as const;

function view(t: Ticket) {
  return {
    id: t.id,
    reference: t.reference,
    status: t.status,
    version: t.version,
    question: t.question,
    detail: t.detail ?? null,
    followUp: t.followUp ?? null,
    triedDocs: t.triedDocs,
    askedBy: t.asker.name,
    heldBy: t.assignee?.name ?? null,
    reply: t.reply ?? null,
    repliedBy: t.repliedBy ?? null,
    closeReason: t.closeReason ?? null,
    reopened: t.reopened,
    createdAt: t.createdAt,
    firstResponseAt: t.firstResponseAt ?? null,
    closedAt: t.closedAt ?? null,
  };
}
