import { sql, type Kysely, type Selectable } from 'kysely';
import { CHAT_EMPLOYEE_PREFIX, type Person, type RosterRow } from '../domain/people.js';
import { NO_MANAGER } from './nudge-rows.js';
import type { Database, PersonTable } from './schema.js';

export interface RosterImportOptions {
  readonly full: boolean;
  readonly today: string;
  readonly now: Date;
  /** Full imports: told how many people would be marked as left, of how many listed now, before anyone is; throws to import nothing. */
  readonly checkLeaving?: (leaving: number, active: number) => void;
}

export interface RosterImportResult {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
  /** People a full import no longer lists, now marked as left. */
  readonly markedLeft: number;
}

/** The staff roster: people, who manages them, and whether they are still in post. */
export interface PeopleStore {
  /**
   * Upserts roster rows in one transaction as they arrive (batches keep memory flat).
   * `full` marks everyone not in `rows` as left on `today`. Identical rows change nothing.
   */
  importRoster(rows: AsyncIterable<RosterRow>, options: RosterImportOptions): Promise<RosterImportResult>;
  getPerson(employeeId: string): Promise<Person | undefined>;
  /** Adds one person (a manager's new starter); an existing employee id is left as it is. */
  addPerson(row: RosterRow, now: Date): Promise<{ created: boolean; person: Person }>;
}

export function personOf(p: Selectable<PersonTable>): Person {
  return {
    employeeId: p.employee_id,
    displayName: p.display_name,
    email: p.email ?? undefined,
    managerEmail: p.manager_email === NO_MANAGER ? undefined : p.manager_email,
    startDate: p.start_date,
    endDate: p.end_date ?? undefined,
    department: p.department ?? undefined,
    jobTitle: p.job_title ?? undefined,
    leftOn: p.left_on ?? undefined,
    lastWellbeingOn: p.last_wellbeing_on ?? undefined,
  };
}

function personValues(r: RosterRow) {
  return {
    employee_id: r.employeeId,
    display_name: r.displayName,
    email: r.email ?? null,
    manager_email: r.managerEmail ?? NO_MANAGER,
    start_date: r.startDate,
    end_date: r.endDate ?? null,
    department: r.department ?? null,
    job_title: r.jobTitle ?? null,
  };
}

function samePerson(old: PersonTable, values: ReturnType<typeof personValues>): boolean {
  return (Object.keys(values) as (keyof typeof values)[]).every((k) => old[k] === values[k]);
}

export function peopleStore(db: Kysely<Database>): PeopleStore {
  const getPerson = async (employeeId: string): Promise<Person | undefined> => {
    const p = await db.selectFrom('person').selectAll().where('employee_id', '=', employeeId).executeTakeFirst();
    return p && personOf(p);
  };
  return {
    getPerson,

    async importRoster(rows: AsyncIterable<RosterRow>, options: RosterImportOptions): Promise<RosterImportResult> {
      const now = options.now.toISOString();
      const counts = { added: 0, updated: 0, unchanged: 0, markedLeft: 0 };
      await db.transaction().execute(async (trx) => {
        if (options.full) {
          await sql`create temporary table roster_seen (employee_id text primary key)`.execute(trx);
        }
        const flush = async (batch: RosterRow[]) => {
          const existing = new Map(
            (await trx.selectFrom('person').selectAll().where('employee_id', 'in', batch.map((r) => r.employeeId)).execute()).map((p) => [p.employee_id, p]),
          );
          const fresh: PersonTable[] = [];
          for (const r of batch) {
            const values = personValues(r);
            const old = existing.get(r.employeeId);
            if (!old) {
              fresh.push({ ...values, left_on: null, last_wellbeing_on: null, created_at: now, updated_at: now });
              counts.added++;
            } else if (old.left_on === null && samePerson(old, values)) {
              counts.unchanged++;
            } else {
              // Listed again: anyone marked as left by an earlier full import is back.
              await trx.updateTable('person').set({ ...values, left_on: null, updated_at: now }).where('employee_id', '=', r.employeeId).execute();
              counts.updated++;
            }
          }
          for (let i = 0; i < fresh.length; i += 50) await trx.insertInto('person').values(fresh.slice(i, i + 50)).execute();
          if (options.full) {
            for (let i = 0; i < batch.length; i += 200) {
              await trx.insertInto('roster_seen' as any).values(batch.slice(i, i + 200).map((r) => ({ employee_id: r.employeeId }))).execute();
            }
          }
        };
        let batch: RosterRow[] = [];
        for await (const row of rows) {
          batch.push(row);
          if (batch.length >= 100) {
            await flush(batch);
            batch = [];
          }
        }
        if (batch.length) await flush(batch);
        if (options.full) {
          if (options.checkLeaving) {
            const active = trx
              .selectFrom('person')
              .where('left_on', 'is', null)
              .where('employee_id', 'not like', `${CHAT_EMPLOYEE_PREFIX}%`);
            const all = await active.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
            const leaving = await active
              .where('employee_id', 'not in', sql<string>`(select employee_id from roster_seen)`)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow();
            // Throwing here rolls the whole import back.
            options.checkLeaving(Number(leaving.n), Number(all.n));
          }
          const result = await trx
            .updateTable('person')
            .set({ left_on: options.today, updated_at: now })
            .where('left_on', 'is', null)
            // People a manager added in chat are not in HR's file yet; a full import must not end them.
            .where('employee_id', 'not like', `${CHAT_EMPLOYEE_PREFIX}%`)
            .where('employee_id', 'not in', sql<string>`(select employee_id from roster_seen)`)
            .executeTakeFirst();
          counts.markedLeft = Number(result.numUpdatedRows);
          await sql`drop table roster_seen`.execute(trx);
        }
      });
      return counts;
    },

    async addPerson(row: RosterRow, now: Date): Promise<{ created: boolean; person: Person }> {
      const at = now.toISOString();
      const result = await db
        .insertInto('person')
        .values({ ...personValues(row), left_on: null, last_wellbeing_on: null, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('employee_id').doNothing())
        .executeTakeFirst();
      return { created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0, person: (await getPerson(row.employeeId))! };
    },
  };
}
