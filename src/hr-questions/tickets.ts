import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { ChangeResult, TicketChange, TicketStore } from '../store/ticket-store.js';
import { HR_CLOSE_REASONS, type CloseReason, type HrMember, type Ticket, type TicketStatus } from './ticket.js';

/**
 * The use-cases of questions to HR: a manager asks, HR assigns, replies or
 * closes, the manager accepts the answer, reopens or withdraws. Each change
 * is one guarded update: a stale card or a second click changes nothing and
 * says why. HR's right to act is checked by the caller (the bot or the admin
 * route); the manager's ownership is checked here, by Teams account.
 */
export interface TicketDeps {
  readonly tickets: Pick<TicketStore, 'create' | 'get' | 'change' | 'askedBy' | 'list'>;
  readonly clock: Clock;
  /** Whether an HR channel is set: a new ticket is posted there. */
  readonly hasChannel: () => Promise<boolean>;
  /** Called after every change, to update the channel's card and send what was queued. */
  readonly changed?: (ticket: Ticket) => void;
}

export const MAX_QUESTION_CHARS = 1000;
export const MAX_DETAIL_CHARS = 2000;
export const MAX_REPLY_CHARS = 4000;

export interface Asker {
  readonly aadObjectId: string | undefined;
  readonly email: string | undefined;
  readonly name: string;
  /** The manager's personal chat, where the answer goes. */
  readonly reference: unknown;
}

export interface AskForm {
  readonly formId: string;
  readonly question: string;
  readonly detail: string;
  readonly triedDocs: readonly string[];
}

/** Why a change did not happen, for the card to say. */
export type Refusal = 'stale' | 'taken' | 'not-open' | 'closed';
export type Outcome = { readonly ok: true; readonly ticket: Ticket } | { readonly ok: false; readonly ticket: Ticket; readonly why: Refusal };

/** Checks the form; the problems are lines for the card, one per field. */
export function checkAskForm(form: { question: string; detail: string }): string[] {
  const problems: string[] = [];
  const question = form.question.trim();
  if (!question) problems.push('Your question: write the question you would like HR to answer.');
  else if (question.length > MAX_QUESTION_CHARS) problems.push(`Your question: use at most ${MAX_QUESTION_CHARS.toLocaleString('en-GB')} characters (you wrote ${question.length.toLocaleString('en-GB')}).`);
  if (form.detail.trim().length > MAX_DETAIL_CHARS) problems.push(`More detail: use at most ${MAX_DETAIL_CHARS.toLocaleString('en-GB')} characters.`);
  return problems;
}

export async function askHr(deps: TicketDeps, asker: Asker, form: AskForm): Promise<Ticket> {
  const problems = checkAskForm(form);
  if (problems.length) throw new AppError('VALIDATION', problems[0]!, problems);
  if (!asker.aadObjectId) throw new AppError('FORBIDDEN', 'questions to HR need a Teams account, so that HR can reply');
  const { ticket, created } = await deps.tickets.create(
    {
      formId: form.formId,
      question: oneLine(form.question),
      detail: form.detail.trim() || undefined,
      triedDocs: form.triedDocs.slice(0, 5),
      asker: { aadObjectId: asker.aadObjectId, email: asker.email, name: asker.name.trim().slice(0, 200) || 'A manager' },
      reference: asker.reference,
    },
    deps.clock.now(),
    await deps.hasChannel(),
  );
  if (created) deps.changed?.(ticket);
  return ticket;
}

export async function assignTicket(deps: TicketDeps, id: string, hr: HrMember, version?: number): Promise<Outcome> {
  return apply(deps, id, version, {
    from: ['open'],
    version,
    set: { status: 'assigned', assignee: hr },
    audit: { actor: hr.name, action: 'hr-ticket-assigned', detail: undefined },
  });
}

/** HR's answer goes to the manager's chat. Whoever replies holds the ticket from then on. */
export async function replyToTicket(deps: TicketDeps, id: string, hr: HrMember, text: string, version?: number): Promise<Outcome> {
  const reply = text.trim();
  if (!reply) throw new AppError('VALIDATION', 'Reply: write the answer to send to the manager.');
  if (reply.length > MAX_REPLY_CHARS) throw new AppError('VALIDATION', `Reply: use at most ${MAX_REPLY_CHARS.toLocaleString('en-GB')} characters.`);
  return apply(deps, id, version, {
    from: ['open', 'assigned'],
    version,
    holder: hr.aadObjectId,
    set: { status: 'answered', assignee: hr, reply: { text: reply, by: hr.name } },
    notifyManager: true,
    audit: { actor: hr.name, action: 'hr-ticket-replied', detail: undefined },
  });
}

export async function closeTicket(deps: TicketDeps, id: string, hr: HrMember, reason: string, version?: number): Promise<Outcome> {
  if (!(HR_CLOSE_REASONS as readonly string[]).includes(reason)) throw new AppError('VALIDATION', `Reason: choose one of ${HR_CLOSE_REASONS.join(', ')}.`);
  return apply(deps, id, version, {
    from: ['open', 'assigned', 'answered'],
    version,
    set: { status: 'closed', closeReason: reason as CloseReason },
    notifyManager: true,
    audit: { actor: hr.name, action: 'hr-ticket-closed', detail: reason },
  });
}

/** "This answered my question": only the manager who asked, only once it is answered. */
export async function acceptAnswer(deps: TicketDeps, id: string, askerAad: string | undefined): Promise<Outcome> {
  await ownTicket(deps, id, askerAad);
  return apply(deps, id, undefined, { from: ['answered'], asker: askerAad, set: { status: 'closed', closeReason: 'resolved' }, audit: { actor: 'manager', action: 'hr-ticket-resolved', detail: undefined } });
}

/** "I still need help": back to whoever held it (or to the queue), with what the manager added. */
export async function reopenTicket(deps: TicketDeps, id: string, askerAad: string | undefined, followUp: string): Promise<Outcome> {
  const ticket = await ownTicket(deps, id, askerAad);
  if (followUp.trim().length > MAX_DETAIL_CHARS) throw new AppError('VALIDATION', `What you still need: use at most ${MAX_DETAIL_CHARS.toLocaleString('en-GB')} characters.`);
  return apply(deps, id, undefined, {
    from: ['answered', 'closed'],
    asker: askerAad,
    set: { status: ticket.assignee ? 'assigned' : 'open', closeReason: null, reopened: true, ...(followUp.trim() ? { followUp: followUp.trim() } : {}) },
    audit: { actor: 'manager', action: 'hr-ticket-reopened', detail: undefined },
  });
}

export async function withdrawTicket(deps: TicketDeps, id: string, askerAad: string | undefined): Promise<Outcome> {
  await ownTicket(deps, id, askerAad);
  return apply(deps, id, undefined, { from: ['open', 'assigned'], asker: askerAad, set: { status: 'closed', closeReason: 'withdrawn' }, audit: { actor: 'manager', action: 'hr-ticket-withdrawn', detail: undefined } });
}

export async function listMyQuestions(deps: TicketDeps, askerAad: string | undefined, limit = 10): Promise<Ticket[]> {
  return askerAad ? deps.tickets.askedBy(askerAad, limit) : [];
}

export interface QueueItem extends Ticket {
  /** Whole days since it was asked. */
  readonly ageDays: number;
}

export async function listTickets(deps: TicketDeps, filter: { status?: TicketStatus | undefined; assignee?: string | undefined; limit?: number }): Promise<QueueItem[]> {
  const now = deps.clock.now().getTime();
  const tickets = await deps.tickets.list({ status: filter.status, assignee: filter.assignee, limit: Math.min(filter.limit ?? 200, 500) });
  return tickets.map((t) => ({ ...t, ageDays: Math.floor((now - Date.parse(t.createdAt)) / 86_400_000) }));
}

/** A ticket HR may see: a forged or blanked id is NOT_FOUND. */
export async function ticketForHr(deps: TicketDeps, id: string): Promise<Ticket> {
  const ticket = await deps.tickets.get(id);
  if (!ticket || ticket.anonymised) throw new AppError('NOT_FOUND', 'there is no such question to HR');
  return ticket;
}

/** The manager's own ticket; someone else's is refused without saying whether it exists. */
export async function ownTicket(deps: TicketDeps, id: string, askerAad: string | undefined): Promise<Ticket> {
  const ticket = await deps.tickets.get(id);
  if (!ticket || ticket.anonymised || !askerAad || ticket.asker.aadObjectId !== askerAad) throw new AppError('FORBIDDEN', 'that question to HR is not one of yours');
  return ticket;
}

async function apply(deps: TicketDeps, id: string, version: number | undefined, change: TicketChange): Promise<Outcome> {
  const before = await ticketForHr(deps, id);
  const result: ChangeResult = await deps.tickets.change(id, change, deps.clock.now());
  if (result.changed) {
    deps.changed?.(result.ticket);
    return { ok: true, ticket: result.ticket };
  }
  const now = result.ticket ?? before;
  return { ok: false, ticket: now, why: whyRefused(now, change, version) };
}

function whyRefused(ticket: Ticket, change: TicketChange, version: number | undefined): Refusal {
  if (ticket.status === 'closed') return 'closed';
  if (change.set.status === 'assigned' && ticket.assignee) return 'taken';
  if (change.holder !== undefined && ticket.assignee && ticket.assignee.aadObjectId !== change.holder) return 'taken';
  if (version !== undefined && ticket.version !== version) return 'stale';
  return 'not-open';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
