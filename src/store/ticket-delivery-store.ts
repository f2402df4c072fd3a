import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, HrDeliveryTable } from './schema.js';
import type { StoreEngine } from './store.js';

/**
 * The cards tickets queue (a new ticket for the HR channel, an answer for the
 * manager), claimed with a lease like nudges, and the team channels the bot
 * was added to. The ticket store builds on this.
 */
export interface ClaimedDelivery {
  readonly id: string;
  readonly ticketId: string;
  readonly target: 'channel' | 'manager';
  readonly attempts: number;
}

export class TicketDeliveryStore {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly engine: StoreEngine,
  ) {}

  /** Claims due deliveries (or ones whose lease ran out) for `owner`; rows another instance holds are skipped on PostgreSQL. */
  async claimDeliveries(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('hr_delivery')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('send_after', '<=', at)]),
            eb.and([eb('status', '=', 'claimed'), eb('lease_expires_at', '<', at)]),
          ]),
        )
        .orderBy('send_after')
        .limit(limit);
      if (this.engine === 'postgres') q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await trx
        .updateTable('hr_delivery')
        .set({ status: 'claimed', lease_owner: owner, lease_expires_at: leaseUntil.toISOString(), updated_at: at })
        .where('id', 'in', ids)
        .execute();
      const rows = await trx.selectFrom('hr_delivery').selectAll().where('id', 'in', ids).where('lease_owner', '=', owner).execute();
      return rows.map((r) => ({ id: r.id, ticketId: r.ticket_id, target: r.target, attempts: Number(r.attempts) }));
    });
  }

  /** Sent: for the channel's card, the ticket remembers the activity to update in place and the version it shows. Only while `owner` holds the lease. */
  async markDelivered(d: ClaimedDelivery, owner: string, activityId: string, now: Date, cardVersion: number): Promise<void> {
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('hr_delivery')
        .set({ status: 'sent', activity_id: activityId, lease_owner: null, lease_expires_at: null, last_error: null, updated_at: at })
        .where('id', '=', d.id)
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) > 0 && d.target === 'channel') {
        // The card posted shows `cardVersion`: only a later change needs an update.
        await trx.updateTable('hr_ticket').set({ channel_activity_id: activityId, channel_card_version: cardVersion }).where('id', '=', d.ticketId).execute();
      }
    });
  }

  async markDeliveryRetry(id: string, owner: string, retryAt: Date, error: string, now: Date): Promise<void> {
    await this.db
      .updateTable('hr_delivery')
      .set((eb) => ({ status: 'pending', send_after: retryAt.toISOString(), attempts: eb('attempts', '+', 1), last_error: error, lease_owner: null, lease_expires_at: null, updated_at: now.toISOString() }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async markDeliveryEnded(id: string, owner: string, status: 'parked' | 'failed', error: string, now: Date): Promise<void> {
    await this.db
      .updateTable('hr_delivery')
      .set({ status, last_error: error, lease_owner: null, lease_expires_at: null, updated_at: now.toISOString() })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async deliveryStatus(ticketId: string, target: 'channel' | 'manager'): Promise<string[]> {
    const rows = await this.db.selectFrom('hr_delivery').select('status').where('ticket_id', '=', ticketId).where('target', '=', target).orderBy('created_at').execute();
    return rows.map((r) => r.status);
  }

  /** Remembers a team the bot was added to (the latest reference wins). */
  async saveTeamChannel(team: { teamId: string; teamName: string; reference: unknown }, now: Date): Promise<void> {
    const values = { team_name: team.teamName, conversation_reference: JSON.stringify(team.reference), added_at: now.toISOString() };
    await this.db
      .insertInto('team_channel')
      .values({ team_id: team.teamId, ...values })
      .onConflict((oc) => oc.column('team_id').doUpdateSet(values))
      .execute();
  }

  async teamChannels(): Promise<{ teamId: string; teamName: string; reference: unknown }[]> {
    const rows = await this.db.selectFrom('team_channel').selectAll().orderBy('team_name').execute();
    return rows.map((r) => ({ teamId: r.team_id, teamName: r.team_name, reference: JSON.parse(r.conversation_reference) }));
  }
}

/** Queues a card for a ticket, in the transaction that changed it. */
export async function enqueue(trx: Transaction<Database>, ticketId: string, target: HrDeliveryTable['target'], at: string): Promise<void> {
  await trx
    .insertInto('hr_delivery')
    .values({ id: randomUUID(), ticket_id: ticketId, target, status: 'pending', attempts: 0, send_after: at, lease_owner: null, lease_expires_at: null, last_error: null, activity_id: null, created_at: at, updated_at: at })
    .execute();
}

