import type { Kysely } from 'kysely';
import type { Manager, ManagerSettings } from '../domain/manager.js';
import type { PendingNudge, Reschedule, StoppedManager } from '../domain/nudge.js';
import { DEFAULT_MANAGER_COLUMNS, managerOf, nudgeOf, settingsColumns } from './nudge-rows.js';
import type { Database } from './schema.js';

/** Moves a manager's nudges not yet sent: given the manager and those nudges, where each belongs. */
export type Replan = (manager: Manager, pending: readonly PendingNudge[]) => readonly Reschedule[];

export interface Installed {
  readonly email: string;
  readonly aadObjectId: string | undefined;
  /** The Bot Framework conversation reference to send proactive cards into. */
  readonly reference: unknown;
  readonly now: Date;
}

/**
 * Managers: how to reach them, their settings, and "forget me" stops. Saving
 * settings re-plans their unsent nudges in the same transaction.
 */
export function managerRepository(db: Kysely<Database>) {
  const byEmail = async (email: string) => {
    const row = await db.selectFrom('manager').selectAll().where('email', '=', email).executeTakeFirst();
    return row && managerOf(row);
  };
  const repo = {
    /** On install: remember how to reach the manager, keeping their settings; their parked nudges are due again. */
    async saveManagerReference(m: Installed): Promise<void> {
      const now = m.now.toISOString();
      const reach = { aad_object_id: m.aadObjectId ?? null, conversation_reference: JSON.stringify(m.reference), reachable: 1, unreachable_since: null, updated_at: now };
      await db
        .insertInto('manager')
        .values({ email: m.email, ...DEFAULT_MANAGER_COLUMNS, ...reach })
        .onConflict((oc) => oc.column('email').doUpdateSet(reach))
        .execute();
      await db.updateTable('nudge').set({ status: 'pending', last_error: null, updated_at: now }).where('manager_email', '=', m.email).where('status', '=', 'parked').execute();
    },

    getManager: byEmail,

    async managerByAadObjectId(aadObjectId: string): Promise<Manager | undefined> {
      const row = await db.selectFrom('manager').selectAll().where('aad_object_id', '=', aadObjectId).executeTakeFirst();
      return row && managerOf(row);
    },

    /**
     * Saves a manager's settings and, in the same transaction, moves their
     * nudges not yet sent where `replan` says. A nudge claimed meanwhile by a
     * dispatcher is left alone (the update is guarded on status).
     */
    async saveManagerPreferences(email: string, settings: ManagerSettings, replan: Replan, now: Date): Promise<{ manager: Manager; rescheduled: number } | undefined> {
      const at = now.toISOString();
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('manager')
          .set({ ...settingsColumns(settings), updated_at: at })
          .where('email', '=', email)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return undefined;
        const manager = managerOf(await trx.selectFrom('manager').selectAll().where('email', '=', email).executeTakeFirstOrThrow());
        return { manager, rescheduled: await replanIn(trx, manager, replan, at) };
      });
    },

    /** Moves a manager's nudges not yet sent where `replan` says, in one transaction. Undefined when the manager is not known. */
    async replanNudges(email: string, replan: Replan, now: Date): Promise<number | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('manager').selectAll().where('email', '=', email).executeTakeFirst();
        return row ? replanIn(trx, managerOf(row), replan, now.toISOString()) : undefined;
      });
    },

    /** The "forget me" record of a manager who asked for no reminders, found by their Teams account or email. */
    async stoppedManager(by: { aadObjectId?: string | undefined; email?: string | undefined }): Promise<StoppedManager | undefined> {
      if (!by.aadObjectId && !by.email) return undefined;
      const row = await db
        .selectFrom('reminders_stopped')
        .selectAll()
        .where((eb) => eb.or([...(by.aadObjectId ? [eb('aad_object_id', '=', by.aadObjectId)] : []), ...(by.email ? [eb('email', '=', by.email.toLowerCase())] : [])]))
        .executeTakeFirst();
      return row ? { email: row.email, stoppedAt: row.stopped_at } : undefined;
    },

    /** "Start reminders" after "forget me": the stop is lifted and the manager stored again with this conversation, in one transaction. */
    async restartReminders(m: Installed): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('reminders_stopped').where('email', '=', m.email).execute();
        await managerRepository(trx).saveManagerReference(m);
      });
    },

    /** 403/404 on send, or uninstall: stop trying and park everything queued for them. */
    async markManagerUnreachable(email: string, reason: string, now: Date): Promise<void> {
      const at = now.toISOString();
      await db.updateTable('manager').set({ reachable: 0, unreachable_since: at, updated_at: at }).where('email', '=', email).execute();
      await db
        .updateTable('nudge')
        .set({ status: 'parked', last_error: reason, lease_owner: null, lease_expires_at: null, updated_at: at })
        .where('manager_email', '=', email)
        .where('status', 'in', ['pending', 'claimed'])
        .execute();
    },

    /** Managers a proactive message can reach now (installed, not blocked). */
    async reachableManagers(): Promise<Manager[]> {
      const rows = await db.selectFrom('manager').selectAll().where('reachable', '=', 1).where('conversation_reference', 'is not', null).orderBy('email').execute();
      return rows.map(managerOf);
    },
  };
  return repo;
}

/** A manager's nudges not yet sent, with what re-planning needs, moved where `replan` says (guarded on status). */
async function replanIn(trx: Kysely<Database>, manager: Manager, replan: Replan, at: string): Promise<number> {
  const pending = await trx
    .selectFrom('nudge as n')
    .innerJoin('person as p', 'p.employee_id', 'n.employee_id')
    .selectAll('n')
    .select(['p.start_date', 'p.last_wellbeing_on'])
    .where('n.manager_email', '=', manager.email)
    .where('n.status', '=', 'pending')
    .where('n.outcome', 'is', null)
    .execute();
  const people = [...new Set(pending.filter((n) => n.kind === 'wellbeing').map((n) => n.employee_id))];
  const previous = new Map<string, PendingNudge['previous']>();
  for (let i = 0; i < people.length; i += 500) {
    const closed = await trx
      .selectFrom('nudge')
      .select(['employee_id', 'outcome', 'outcome_at'])
      .where('kind', '=', 'wellbeing')
      .where('employee_id', 'in', people.slice(i, i + 500))
      .where('outcome', 'is not', null)
      .orderBy('outcome_at', 'desc')
      .execute();
    for (const c of closed) if (!previous.has(c.employee_id)) previous.set(c.employee_id, { outcome: c.outcome!, at: new Date(c.outcome_at!) });
  }
  const changes = replan(
    manager,
    pending.map((n) => ({
      ...nudgeOf(n),
      startDate: n.start_date,
      lastWellbeingOn: n.last_wellbeing_on ?? undefined,
      previous: n.kind === 'wellbeing' ? previous.get(n.employee_id) : undefined,
    })),
  );
  let rescheduled = 0;
  for (const c of changes) {
    const r = await trx
      .updateTable('nudge')
      .set({ due_date: c.dueDate, send_after: c.sendAfter.toISOString(), updated_at: at })
      .where('id', '=', c.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    rescheduled += Number(r.numUpdatedRows);
  }
  return rescheduled;
}
