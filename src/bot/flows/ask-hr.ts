import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { askHrFormCard, askHrSentCard, hrAnswerCard, hrTicketCard, myHrQuestionsCard, type HrCardContext } from '../../cards/hr-cards.js';
import type { Card } from '../../cards/render-card.js';
import { AppError } from '../../errors.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import { CLOSE_REASONS, type HrMember, type Ticket } from '../../hr-questions/ticket.js';
import {
  acceptAnswer,
  askHr,
  assignTicket,
  checkAskForm,
  closeTicket,
  listMyQuestions,
  ownTicket,
  reopenTicket,
  replyToTicket,
  ticketForHr,
  withdrawTicket,
  type Outcome,
  type Refusal,
  type TicketDeps,
} from '../../hr-questions/tickets.js';
import type { Store } from '../../store/store.js';
import { cardAction, textIntent, type Turn } from '../registry.js';

/**
 * Ask HR in chat: the manager's form, their questions, HR's answer and its
 * buttons; HR's ticket card in the team channel. Registered in chat-routes.ts
 * (askHrActions, askHrIntents). Who may act is checked here: HR by
 * HR_ADMIN_USER_IDS or by pressing a button in the HR team; a manager only on their own.
 */
export interface HrServices {
  readonly tickets: TicketDeps;
  readonly store: Pick<Store, 'tickets' | 'nudges'>;
  readonly knowledge: Pick<KnowledgeBase, 'document' | 'pack'>;
  readonly hrUserIds: readonly string[];
  /** The HR team's id, once one is set. */
  readonly hrTeamId: () => Promise<string | undefined>;
  readonly hasChannel: () => Promise<boolean>;
  /** The teach loop: adds a question to a live guide as a new published version (attachQuestionToDocument). */
  readonly teach?: (question: string, docId: string, actor: string) => Promise<{ title: string; version: number; added: boolean }>;
}

/** Who pressed or typed, as Teams reports it. */
export interface HrActor {
  readonly aadObjectId: string | undefined;
  readonly name?: string | undefined;
  /** Teams user id (29:...). */
  readonly userId?: string | undefined;
  /** The team the conversation is in (a channel), if any. */
  readonly teamId?: string | undefined;
  /** Personal chat only: where an answer can be sent. */
  readonly reference?: unknown;
}

export interface HrTurn {
  readonly hr: HrServices;
  readonly actor: HrActor;
}

export interface HrReply {
  readonly card: Card;
}

const formText = (max: number) => z.union([z.string().max(max), z.number(), z.boolean()]).optional().transform((v) => (v === undefined ? '' : String(v)));
const ticketId = z.string().uuid();
const version = z.coerce.number().int().min(1).max(1_000_000);
const docIds = z
  .string()
  .max(400)
  .optional()
  .transform((v) => (v ?? '').split(',').filter((id) => /^[a-z0-9][a-z0-9-]{0,79}$/.test(id)).slice(0, 5));

/** Buttons. Form values are as long as a client may send (20,000): the handler says plainly what is too long. */
const ASK_HR_ACTIONS = [
  route('hr-ask', z.object({ verb: z.literal('hr-ask'), question: formText(20_000), triedDocs: docIds }), async (a, t) => ({
    card: await askForm(t, a.question, a.triedDocs),
  })),
  route(
    'hr-ask-send',
    z.object({ verb: z.literal('hr-ask-send'), formId: z.string().uuid(), question: formText(20_000), detail: formText(20_000), triedDocs: docIds }),
    async (a, t) => ({ card: await sendForm(t, a) }),
  ),
  route('hr-mine', z.object({ verb: z.literal('hr-mine') }), async (_a, t) => ({ card: myHrQuestionsCard(await listMyQuestions(t.hr.tickets, t.actor.aadObjectId)) })),
  route('hr-withdraw', z.object({ verb: z.literal('hr-withdraw'), ticketId }), async (a, t) => {
    const done = await withdrawTicket(t.hr.tickets, a.ticketId, t.actor.aadObjectId);
    const notice = done.ok ? `${done.ticket.reference} is withdrawn: HR will not answer it.` : `${done.ticket.reference} could not be withdrawn: HR has already answered or closed it.`;
    return { card: myHrQuestionsCard(await listMyQuestions(t.hr.tickets, t.actor.aadObjectId), notice) };
  }),
  route('hr-accept', z.object({ verb: z.literal('hr-accept'), ticketId }), async (a, t) => {
    const done = await acceptAnswer(t.hr.tickets, a.ticketId, t.actor.aadObjectId);
    return { card: hrAnswerCard(done.ticket, done.ok ? 'Thank you: glad that helped. The question is closed.' : managerRefusal(done.ticket)) };
  }),
  route('hr-reopen', z.object({ verb: z.literal('hr-reopen'), ticketId, followUp: formText(20_000) }), async (a, t) => {
    const done = await reopenTicket(t.hr.tickets, a.ticketId, t.actor.aadObjectId, a.followUp).catch(problemOnly);
    if ('problem' in done) return { card: hrAnswerCard(await ownTicket(t.hr.tickets, a.ticketId, t.actor.aadObjectId), done.problem) };
    return { card: hrAnswerCard(done.ticket, done.ok ? `${done.ticket.reference} is back with HR. They will reply here.` : managerRefusal(done.ticket)) };
  }),
  route('hr-assign', z.object({ verb: z.literal('hr-assign'), ticketId, version }), async (a, t) => ({
    card: await outcomeCard(t, await assignTicket(t.hr.tickets, a.ticketId, await hrMember(t), a.version)),
  })),
  route(
    'hr-reply',
    z.object({ verb: z.literal('hr-reply'), ticketId, version, reply: formText(20_000), addToGuide: formText(10), guideDoc: formText(200) }),
    async (a, t) => {
      const member = await hrMember(t);
      const teach = a.addToGuide === 'true';
      if (teach && !t.hr.knowledge.document(a.guideDoc)) {
        return { card: await ticketCard(t.hr, await ticketForHr(t.hr.tickets, a.ticketId), { problem: 'Guide: choose the guide to add this question to, or untick "Add this question to a guide".' }) };
      }
      const done = await replyToTicket(t.hr.tickets, a.ticketId, member, a.reply, a.version).catch(problemOnly);
      if ('problem' in done) return { card: await ticketCard(t.hr, await ticketForHr(t.hr.tickets, a.ticketId), { problem: done.problem }) };
      if (!done.ok || !teach || !t.hr.teach) return { card: await outcomeCard(t, done) };
      // The same teach action as the admin tab's: a new audited version of the guide, live everywhere in seconds.
      const added = await t.hr.teach(done.ticket.question, a.guideDoc, member.name);
      const notice = added.added ? `Added to ${added.title} (version ${added.version}): the assistant answers this question from now on.` : `${added.title} already lists this question.`;
      return { card: await ticketCard(t.hr, done.ticket, { notice }) };
    },
  ),
  route('hr-close', z.object({ verb: z.literal('hr-close'), ticketId, version, reason: formText(100) }), async (a, t) => {
    const member = await hrMember(t);
    const done = await closeTicket(t.hr.tickets, a.ticketId, member, a.reason, a.version).catch(problemOnly);
    return { card: 'problem' in done ? await ticketCard(t.hr, await ticketForHr(t.hr.tickets, a.ticketId), { problem: done.problem }) : await outcomeCard(t, done) };
  }),
  // Universal Actions' refresh: whoever opens a ticket card sees it as it is now.
  route('hr-refresh', z.object({ verb: z.literal('hr-refresh'), ticketId }), async (a, t) => {
    await hrMember(t);
    return { card: await ticketCard(t.hr, await ticketForHr(t.hr.tickets, a.ticketId)) };
  }),
];

const ASK_WORDS = /^(please )?ask (the |my )?hr( team)?(?:\s*[:,-]?\s+(?<question>.+))?[.?!]?$/is;
const MINE_WORDS = /^((show|see|view)( me)? )?my (hr questions|questions( (to|for) hr)?)[.!?]?$/i;

/** Typed commands: "ask HR ..." opens the form with the rest as the question; "my questions" lists them. */
const ASK_HR_INTENTS = [
  {
    name: 'ask-hr',
    match: (text: string) => {
      const m = ASK_WORDS.exec(text.trim());
      return m ? { question: m.groups?.question?.trim() ?? '' } : undefined;
    },
    handle: async (p: { question: string }, t: HrTurn): Promise<Card> => askForm(t, p.question, []),
  },
  {
    name: 'my-hr-questions',
    match: (text: string) => (MINE_WORDS.test(text.trim()) ? {} : undefined),
    handle: async (_p: object, t: HrTurn): Promise<Card> => myHrQuestionsCard(await listMyQuestions(t.hr.tickets, t.actor.aadObjectId)),
  },
];

function route<T extends z.ZodTypeAny>(verb: string, schema: T, handle: (action: z.infer<T>, turn: HrTurn) => Promise<HrReply>) {
  return { verb, schema, handle };
}

async function cardContext(hr: HrServices): Promise<HrCardContext> {
  return { settings: hr.knowledge.pack.settings, hasChannel: await hr.hasChannel() };
}

async function askForm(t: HrTurn, question: string, triedDocs: readonly string[]): Promise<Card> {
  return askHrFormCard(await cardContext(t.hr), { formId: randomUUID(), question: question.replace(/\s+/g, ' ').trim(), triedDocs });
}

async function sendForm(t: HrTurn, a: { formId: string; question: string; detail: string; triedDocs: string[] }): Promise<Card> {
  const ctx = await cardContext(t.hr);
  const problems = checkAskForm(a);
  const again = (p: readonly string[]) =>
    askHrFormCard(ctx, { formId: a.formId, question: a.question.slice(0, 1000), detail: a.detail.slice(0, 2000), triedDocs: a.triedDocs, problems: p });
  if (problems.length) return again(problems);
  // The answer goes to the manager's personal chat: this one, or the one stored when they installed the app.
  const manager = t.actor.aadObjectId ? await t.hr.store.nudges.managerByAadObjectId(t.actor.aadObjectId) : undefined;
  const reference = t.actor.reference ?? manager?.conversation;
  if (!reference) return again(['Send this from your personal chat with the assistant, so that HR can reply to you there.']);
  const ticket = await askHr(t.hr.tickets, { aadObjectId: t.actor.aadObjectId, email: manager?.email, name: t.actor.name ?? 'A manager', reference }, a);
  return askHrSentCard(ctx, ticket);
}

/** HR only: HR_ADMIN_USER_IDS, or a button pressed in the HR team (its members are HR). */
async function hrMember(t: HrTurn): Promise<HrMember> {
  const { aadObjectId, teamId } = t.actor;
  const inHrTeam = teamId !== undefined && teamId === (await t.hr.hrTeamId());
  if (!aadObjectId || !(inHrTeam || t.hr.hrUserIds.includes(aadObjectId))) throw new AppError('FORBIDDEN', 'only HR can see or act on questions to HR');
  return { aadObjectId, userId: t.actor.userId, name: t.actor.name?.trim() || 'HR' };
}

async function outcomeCard(t: HrTurn, done: Outcome): Promise<Card> {
  return ticketCard(t.hr, done.ticket, done.ok ? {} : { refusal: done.why });
}

/** HR's card for a ticket, refreshing itself for whoever held a ticket lately. */
export async function ticketCard(hr: Pick<HrServices, 'store' | 'knowledge' | 'tickets'>, ticket: Ticket, o: { refusal?: Refusal; problem?: string; notice?: string } = {}): Promise<Card> {
  const holders = await hr.store.tickets.recentHolders(new Date(hr.tickets.clock.now().getTime() - 90 * 86_400_000), 60);
  const guides = [...hr.knowledge.pack.documents].sort((x, y) => x.title.localeCompare(y.title)).map((d) => ({ id: d.id, title: d.title }));
  return hrTicketCard(ticket, { ...o, holders, guides, titles: (id) => hr.knowledge.document(id)?.title });
}

function managerRefusal(ticket: Ticket): string {
  if (ticket.status === 'closed') return `${ticket.reference} is already closed${ticket.closeReason ? ` (${CLOSE_REASONS[ticket.closeReason].toLowerCase()})` : ''}, so nothing changed.`;
  return `${ticket.reference} is with HR, so nothing changed.`;
}

/** A form problem becomes a line on the card; anything else is thrown on. */
function problemOnly(err: unknown): { problem: string } {
  if (err instanceof AppError && err.code === 'VALIDATION') return { problem: err.message };
  throw err;
}

/** The registry's turn, with the Ask HR services the composition root gives the bot. */
function hrTurn(turn: Turn): HrTurn {
  if (!turn.s.hr) throw new AppError('NOT_FOUND', 'Ask HR is not set up on this service');
  return { hr: turn.s.hr, actor: turn.actor };
}

export const askHrActions = ASK_HR_ACTIONS.map((a) => cardAction<unknown>({ verb: a.verb, schema: a.schema as z.ZodType<unknown>, handle: (x, turn) => a.handle(x as never, hrTurn(turn)) }));
export const askHrIntents = ASK_HR_INTENTS.map((i) => textIntent({ name: i.name, match: i.match, handle: (p, turn) => i.handle(p as never, hrTurn(turn)) }));
