import { CLOSE_REASONS, HR_CLOSE_REASONS, statusText, type Ticket } from '../hr-questions/ticket.js';
import type { Refusal } from '../hr-questions/tickets.js';
import { escapeMarkdown, formatDate, trimText } from './card-text.js';
import { renderCard, type Card } from './render-card.js';

/**
 * The cards of questions to HR: the manager's form, "sent", their list and
 * HR's answer; HR's ticket card, which refreshes itself (Universal Actions)
 * for the HR members in `userIds` and redraws for anyone who opens it.
 */
export interface HrCardContext {
  readonly settings: Readonly<Record<string, string>>;
  /** Whether the trust has an HR channel in Teams; without one the cards give HR's contact details. */
  readonly hasChannel: boolean;
}

/** HR's contact details from settings.yml, as one line. */
export function hrContactLine(settings: Readonly<Record<string, string>>): string {
  const contact = [settings.hr_contact, settings.hr_email, settings.hr_phone].filter((v) => v && v.trim()).map((v) => escapeMarkdown(v!.trim()));
  return contact.length ? `Contact ${contact.join('; or ')}.` : 'Contact your HR team.';
}

export function askHrFormCard(ctx: HrCardContext, o: { formId: string; question: string; detail?: string; triedDocs: readonly string[]; problems?: readonly string[] }): Card {
  return renderCard('ask-hr-form', {
    hrTeam: escapeMarkdown(ctx.settings.hr_contact?.trim() || 'your HR team'),
    question: o.question.slice(0, 1000),
    detail: (o.detail ?? '').slice(0, 2000),
    formId: o.formId,
    triedDocs: o.triedDocs.join(','),
    problemsText: (o.problems ?? []).map((p) => `- ${escapeMarkdown(p)}`).join('\n'),
    contact: ctx.hasChannel ? '' : hrContactLine(ctx.settings),
  });
}

export function askHrSentCard(ctx: HrCardContext, ticket: Ticket): Card {
  return renderCard('ask-hr-sent', {
    reference: ticket.reference,
    question: escapeMarkdown(trimText(ticket.question, 300)),
    contact: ctx.hasChannel ? '' : `HR will see it in their queue. If it is urgent, do not wait. ${hrContactLine(ctx.settings)}`,
  });
}

export function myHrQuestionsCard(tickets: readonly Ticket[], notice = ''): Card {
  return renderCard('my-hr-questions', {
    notice: escapeMarkdown(notice),
    questions: tickets
      .filter((t) => !t.anonymised)
      .map((t) => ({
        id: t.id,
        reference: t.reference,
        status: statusText(t),
        question: escapeMarkdown(trimText(t.question, 200)),
        askedOn: formatDate(t.createdAt),
        canWithdraw: t.status === 'open' || t.status === 'assigned',
      })),
  });
}

/** What the manager gets from HR, and how it reads once they have pressed a button on it. */
export function hrAnswerCard(ticket: Ticket, notice = ''): Card {
  const closedByHr = ticket.status === 'closed' && ticket.closeReason !== 'resolved' && ticket.closeReason !== 'withdrawn';
  const heading =
    ticket.status === 'answered' || ticket.closeReason === 'resolved'
      ? `HR answered your question (${ticket.reference})`
      : closedByHr
        ? `HR closed your question (${ticket.reference})`
        : `Your question ${ticket.reference}`;
  return renderCard('hr-answer', {
    heading,
    ticketId: ticket.id,
    question: escapeMarkdown(trimText(ticket.question, 500)),
    reply: ticket.reply ? escapeMarkdown(ticket.reply) : closedByHr && ticket.closeReason ? `Reason: ${CLOSE_REASONS[ticket.closeReason]}.` : '',
    repliedBy: ticket.reply && ticket.repliedBy ? escapeMarkdown(ticket.repliedBy) : '',
    notice: escapeMarkdown(notice),
    canAccept: ticket.status === 'answered',
    canReopen: ticket.status === 'answered' || closedByHr,
  });
}

const REFUSALS: Record<Refusal, string> = {
  taken: 'Already taken: someone else holds this question, so nothing changed.',
  stale: 'This card was out of date, so nothing changed. This is the question as it is now.',
  'not-open': 'That could not be done in this state, so nothing changed.',
  closed: 'This question is closed, so nothing changed.',
};

/** HR's card for one ticket. `holders` are Teams user ids the card refreshes itself for (at most 60). */
export function hrTicketCard(
  ticket: Ticket,
  o: { holders: readonly string[]; refusal?: Refusal | undefined; problem?: string | undefined; notice?: string; titles?: (docId: string) => string | undefined; guides?: readonly { id: string; title: string }[] },
): Card {
  const holder = ticket.assignee?.name;
  const statusLine =
    ticket.status === 'open'
      ? ticket.reopened
        ? 'Open again: the manager still needs help. Nobody holds it.'
        : 'Open: nobody holds it yet.'
      : ticket.status === 'assigned'
        ? `Assigned to ${holder}${ticket.reopened ? ' (the manager still needs help)' : ''}.`
        : ticket.status === 'answered'
          ? `Answered by ${ticket.repliedBy ?? holder}: waiting for the manager.`
          : `Closed: ${CLOSE_REASONS[ticket.closeReason ?? 'answered-elsewhere']}.`;
  const tried = ticket.triedDocs.map((id) => o.titles?.(id) ?? id);
  return renderCard('hr-ticket', {
    ticketId: ticket.id,
    version: ticket.version,
    userIds: [...new Set(o.holders)].slice(0, 60),
    reference: ticket.reference,
    statusLine: escapeMarkdown(statusLine),
    notice: o.problem ? `Nothing changed. ${escapeMarkdown(o.problem)}` : o.refusal ? REFUSALS[o.refusal] : escapeMarkdown(o.notice ?? ''),
    askedBy: ticket.anonymised ? 'Removed' : escapeMarkdown(ticket.asker.name),
    askedOn: formatDate(ticket.createdAt),
    heldBy: holder ? escapeMarkdown(holder) : 'Nobody yet',
    question: ticket.anonymised ? 'Removed: the manager asked the assistant to forget them, or the retention period ended.' : escapeMarkdown(ticket.question),
    detail: escapeMarkdown(ticket.detail ?? ''),
    followUp: escapeMarkdown(ticket.followUp && ticket.status !== 'closed' ? ticket.followUp : ''),
    tried: escapeMarkdown(tried.join('; ')),
    reply: escapeMarkdown(ticket.reply ?? ''),
    canAssign: ticket.status === 'open',
    canReply: ticket.status === 'open' || ticket.status === 'assigned',
    canClose: ticket.status !== 'closed',
    reasons: HR_CLOSE_REASONS.map((r) => ({ value: r, title: CLOSE_REASONS[r] })),
    guides: (o.guides ?? []).map((g) => ({ value: g.id, title: g.title })),
  });
}
