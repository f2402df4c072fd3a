import { randomUUID } from 'node:crypto';
import { sql, type Selectable, type Updateable } from 'kysely';
import { ticketReference, type CloseReason, type HrMember, type Ticket, type TicketStatus } from '../hr-questions/ticket.js';
import { insertAudit, type NewAuditEntry } from './content-store.js';
import { enqueue, TicketDeliveryStore } from './ticket-delivery-store.js';
import type { HrTicketTable } from './schema.js';
export type { ClaimedDelivery } from './ticket-delivery-store.js';

/**
 * Questions to HR. Every change is one guarded update (the status it may come
 * from, and the version the card showed when given), audited in the same
 * transaction: of two HR members pressing Assign at once, one updates a row
 * and the other finds it already taken.
 */
export interface NewTicket {
  /** Identifies the form: sent twice, it makes one ticket. */
  readonly formId: string;
  readonly question: string;
  readonly detail: string | undefined;
  readonly triedDocs: readonly string[];
  readonly asker: { readonly aadObjectId: string | undefined; readonly email: string | undefined; readonly name: string };
  /** Where the answer goes (the manager's personal chat). */
  readonly reference: unknown;
}

/** A change to a ticket: which states it may come from, what it sets, and what it sends. */
export interface TicketChange {
  readonly from: readonly TicketStatus[];
  /** The version the card showed; a different one means the card was stale and nothing changes. */
  readonly version?: number | undefined;
  /** Only while this HR member holds it (or nobody does). */
  readonly holder?: string | undefined;
  /** Only the manager who asked. */
  readonly asker?: string | undefined;
  readonly set: TicketSet;
  /** A card for the manager (the answer, or that it was closed), sent by the delivery loop. */
  readonly notifyManager?: boolean;
  readonly audit: Omit<NewAuditEntry, 'target'>;
}

export interface TicketSet {
  readonly status: TicketStatus;
  readonly assignee?: HrMember | null;
  readonly reply?: { readonly text: string; readonly by: string };
  readonly followUp?: string;
  readonly closeReason?: CloseReason | null;
  readonly reopened?: boolean;
}

export type ChangeResult = { readonly changed: true; readonly ticket: Ticket } | { readonly changed: false; readonly ticket: Ticket | undefined };

export interface TicketFilter {
  readonly status?: TicketStatus | undefined;
  readonly assignee?: string | undefined;
  readonly limit: number;
}

/** When each ticket was asked, first answered and closed: the dashboard's figures, no text, no names. */
export interface TicketTimes {
  readonly createdAt: string;
  readonly firstResponseAt: string | undefined;
  readonly closedAt: string | undefined;
}

type Row = Selectable<HrTicketTable>;

export class TicketStore extends TicketDeliveryStore {

  /** A new ticket with the next number, its audit row and (when `toChannel`) its card for the HR channel, in one transaction. */
  async create(input: NewTicket, now: Date, toChannel: boolean): Promise<{ ticket: Ticket; created: boolean }> {
    const at = now.toISOString();
    const existing = () => this.db.selectFrom('hr_ticket').selectAll().where('form_id', '=', input.formId).executeTakeFirst();
    const sent = await existing();
    if (sent) return { ticket: toTicket(sent), created: false };
    return this.db.transaction().execute(async (trx) => {
      // The counter row is locked until commit, so numbers come out once each on every instance.
      const { last_number: number } = await trx
        .updateTable('hr_ticket_counter')
        .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
        .where('id', '=', 1)
        .returning('last_number')
        .executeTakeFirstOrThrow();
      const row: Row = {
        id: randomUUID(),
        number: Number(number),
        form_id: input.formId,
        status: 'open',
        version: 1,
        question: input.question,
        detail: input.detail ?? null,
        tried_docs: input.triedDocs.join(','),
        asker_aad: input.asker.aadObjectId ?? null,
        asker_email: input.asker.email?.toLowerCase() ?? null,
        asker_name: input.asker.name,
        asker_reference: input.reference === undefined ? null : JSON.stringify(input.reference),
        assignee_aad: null,
        assignee_user_id: null,
        assignee_name: null,
        reply: null,
        replied_by: null,
        follow_up: null,
        close_reason: null,
        reopened: 0,
        created_at: at,
        first_response_at: null,
        answered_at: null,
        closed_at: null,
        updated_at: at,
        channel_activity_id: null,
        channel_card_version: 0,
      };
      const inserted = await trx.insertInto('hr_ticket').values(row).onConflict((oc) => oc.column('form_id').doNothing()).executeTakeFirst();
      // The same form sent at the same moment on another instance: that one made the ticket.
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { ticket: toTicket((await trx.selectFrom('hr_ticket').selectAll().where('form_id', '=', input.formId).executeTakeFirstOrThrow())), created: false };
      // The asker is personal data and the audit log is never changed: it names the ticket, not them.
      await insertAudit(trx, at, { actor: 'manager', action: 'hr-ticket-asked', target: ticketReference(row.number), detail: undefined });
      if (toChannel) await enqueue(trx, row.id, 'channel', at);
      return { ticket: toTicket(row), created: true };
    });
  }

  async get(id: string): Promise<Ticket | undefined> {
    const row = await this.db.selectFrom('hr_ticket').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTicket(row) : undefined;
  }

  async byNumber(number: number): Promise<Ticket | undefined> {
    const row = await this.db.selectFrom('hr_ticket').selectAll().where('number', '=', number).executeTakeFirst();
    return row ? toTicket(row) : undefined;
  }

  /** Applies `change` if the ticket is still in a state it may come from; otherwise nothing changes and the ticket is returned as it is. */
  async change(id: string, change: TicketChange, now: Date): Promise<ChangeResult> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      let q = trx
        .updateTable('hr_ticket')
        .set((eb) => ({ ...values(change.set, at), version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('status', 'in', [...change.from])
        // Blanked tickets are history, not work.
        .where('question', '!=', '');
      if (change.version !== undefined) q = q.where('version', '=', change.version);
      if (change.holder !== undefined) q = q.where((eb) => eb.or([eb('assignee_aad', 'is', null), eb('assignee_aad', '=', change.holder!)]));
      if (change.asker !== undefined) q = q.where('asker_aad', '=', change.asker);
      const result = await q.executeTakeFirst();
      const row = await trx.selectFrom('hr_ticket').selectAll().where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0 || !row) return { changed: false, ticket: row ? toTicket(row) : undefined };
      await insertAudit(trx, at, { ...change.audit, target: ticketReference(row.number) });
      if (change.notifyManager && row.asker_reference) await enqueue(trx, id, 'manager', at);
      return { changed: true, ticket: toTicket(row) };
    });
  }

  /** A manager's own questions, newest first. */
  async askedBy(aadObjectId: string, limit: number): Promise<Ticket[]> {
    const rows = await this.db.selectFrom('hr_ticket').selectAll().where('asker_aad', '=', aadObjectId).orderBy('created_at', 'desc').orderBy('number', 'desc').limit(limit).execute();
    return rows.map(toTicket);
  }

  /** HR's queue: oldest first, so what waited longest is on top. */
  async list(filter: TicketFilter): Promise<Ticket[]> {
    let q = this.db.selectFrom('hr_ticket').selectAll().where('question', '!=', '');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.assignee) q = q.where('assignee_aad', '=', filter.assignee);
    return (await q.orderBy('created_at').orderBy('number').limit(filter.limit).execute()).map(toTicket);
  }

  async countByStatus(): Promise<Record<TicketStatus, number>> {
    const rows = await this.db.selectFrom('hr_ticket').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const counts: Record<TicketStatus, number> = { open: 0, assigned: 0, answered: 0, closed: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  async timesSince(from: Date): Promise<TicketTimes[]> {
    const rows = await this.db
      .selectFrom('hr_ticket')
      .select(['created_at', 'first_response_at', 'closed_at'])
      .where('created_at', '>=', from.toISOString())
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ createdAt: r.created_at, firstResponseAt: r.first_response_at ?? undefined, closedAt: r.closed_at ?? undefined }));
  }

  /** Teams user ids of HR members who held a ticket lately: the ticket card refreshes itself for them. */
  async recentHolders(since: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('hr_ticket')
      .select('assignee_user_id')
      .distinct()
      .where('assignee_user_id', 'is not', null)
      .where('updated_at', '>=', since.toISOString())
      .limit(limit)
      .execute();
    return rows.map((r) => r.assignee_user_id!);
  }

  /**
   * Claims the HR channel card's update to `version`: true for exactly one
   * caller per version, and never for a version older than one already sent.
   */
  async claimChannelUpdate(id: string, version: number): Promise<boolean> {
    const result = await this.db
      .updateTable('hr_ticket')
      .set({ channel_card_version: version })
      .where('id', '=', id)
      .where('channel_card_version', '<', version)
      .where('channel_activity_id', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async channelActivity(id: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('hr_ticket').select('channel_activity_id').where('id', '=', id).executeTakeFirst();
    return row?.channel_activity_id ?? undefined;
  }

  async askerReference(id: string): Promise<unknown> {
    const row = await this.db.selectFrom('hr_ticket').select('asker_reference').where('id', '=', id).executeTakeFirst();
    return row?.asker_reference ? JSON.parse(row.asker_reference) : undefined;
  }

}

function values(set: TicketSet, at: string): Updateable<HrTicketTable> {
  const v: Updateable<HrTicketTable> = { status: set.status, updated_at: at };
  if (set.assignee !== undefined) {
    v.assignee_aad = set.assignee?.aadObjectId ?? null;
    v.assignee_user_id = set.assignee?.userId ?? null;
    v.assignee_name = set.assignee?.name ?? null;
  }
  if (set.reply) {
    v.reply = set.reply.text;
    v.replied_by = set.reply.by;
    v.answered_at = at;
    v.first_response_at = sql<string>`coalesce(first_response_at, ${at})` as unknown as string;
  }
  if (set.followUp !== undefined) v.follow_up = set.followUp;
  if (set.closeReason !== undefined) v.close_reason = set.closeReason;
  if (set.status === 'closed') v.closed_at = at;
  else if (set.status === 'open' || set.status === 'assigned') v.closed_at = null;
  if (set.reopened) v.reopened = sql<number>`reopened + 1` as unknown as number;
  return v;
}

export function toTicket(r: Row): Ticket {
  return {
    id: r.id,
    number: Number(r.number),
    reference: ticketReference(Number(r.number)),
    status: r.status,
    version: Number(r.version),
    question: r.question,
    detail: r.detail ?? undefined,
    triedDocs: r.tried_docs ? r.tried_docs.split(',') : [],
    asker: { aadObjectId: r.asker_aad ?? undefined, email: r.asker_email ?? undefined, name: r.asker_name },
    assignee: r.assignee_name ? { aadObjectId: r.assignee_aad ?? undefined, userId: r.assignee_user_id ?? undefined, name: r.assignee_name } : undefined,
    reply: r.reply ?? undefined,
    repliedBy: r.replied_by ?? undefined,
    followUp: r.follow_up ?? undefined,
    closeReason: (r.close_reason as CloseReason | null) ?? undefined,
    reopened: Number(r.reopened),
    createdAt: r.created_at,
    firstResponseAt: r.first_response_at ?? undefined,
    answeredAt: r.answered_at ?? undefined,
    closedAt: r.closed_at ?? undefined,
    anonymised: r.question === '',
  };
}
