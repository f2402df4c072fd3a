/**
 * A question a manager sent to HR, as the use-cases see it. Plain data: the
 * store builds these from rows, the cards draw them.
 */
export type TicketStatus = 'open' | 'assigned' | 'answered' | 'closed';

export const CLOSE_REASONS = {
  resolved: 'The manager said this answered their question',
  'answered-elsewhere': 'Answered another way (phone, email or in person)',
  duplicate: 'Asked again in another question',
  'not-for-hr': 'Not a question for HR',
  withdrawn: 'The manager withdrew it',
  forgotten: 'The manager asked the assistant to forget them',
} as const;

export type CloseReason = keyof typeof CLOSE_REASONS;
/** Reasons HR may choose when closing (the others are set by what the manager does). */
export const HR_CLOSE_REASONS = ['answered-elsewhere', 'duplicate', 'not-for-hr'] as const satisfies readonly CloseReason[];

export interface Person {
  readonly aadObjectId: string | undefined;
  readonly name: string;
}

export interface HrMember extends Person {
  /** The Teams user id (29:...), for the card's refresh list. */
  readonly userId: string | undefined;
}

export interface Ticket {
  readonly id: string;
  readonly number: number;
  /** HR-0042: what the manager and HR call it. */
  readonly reference: string;
  readonly status: TicketStatus;
  /** Bumped by every change; a card drawn at an older version is stale. */
  readonly version: number;
  readonly question: string;
  readonly detail: string | undefined;
  readonly triedDocs: readonly string[];
  readonly asker: Person & { readonly email: string | undefined };
  readonly assignee: HrMember | undefined;
  readonly reply: string | undefined;
  readonly repliedBy: string | undefined;
  readonly followUp: string | undefined;
  readonly closeReason: CloseReason | undefined;
  readonly reopened: number;
  readonly createdAt: string;
  readonly firstResponseAt: string | undefined;
  readonly answeredAt: string | undefined;
  readonly closedAt: string | undefined;
  /** Blanked by retention or "forget me": the dates and status stay for the counts. */
  readonly anonymised: boolean;
}

export function ticketReference(number: number): string {
  return `HR-${String(number).padStart(4, '0')}`;
}

/** "HR-0042", "hr-42" or "42" → 42; anything else undefined. */
export function parseTicketReference(text: string): number | undefined {
  const m = /^\s*(?:hr-?)?0*(\d{1,9})\s*$/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** What the manager sees as the state of their question. */
export function statusText(t: Pick<Ticket, 'status' | 'closeReason'>): string {
  switch (t.status) {
    case 'open':
      return 'Waiting for HR';
    case 'assigned':
      return 'HR is looking at it';
    case 'answered':
      return 'Answered';
    case 'closed':
      return t.closeReason === 'withdrawn' ? 'Withdrawn' : 'Closed';
  }
}
