import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { migrationProvider, pingQuery } from './migrations.js';
import { checkWritable, SQLITE_BUSY_TIMEOUT_MS } from './write-check.js';
import { AuditLog, ContentStore } from './content-store.js';
import { InsightsStore } from './insights-store.js';
import { NO_MANAGER, NudgeStore } from './nudge-store.js';
import { PrivacyStore } from './privacy-store.js';
import { TicketStore } from './ticket-store.js';
import type { Database, PersonTable } from './schema.js';
import { CHAT_EMPLOYEE_PREFIX, type RosterRow } from '../nudges/roster.js';

export type StoreEngine = 'sqlite' | 'postgres';

export interface QuestionRecord {
  readonly askedAt: Date;
  readonly status: 'answer' | 'clarify' | 'none';
  readonly docId: string | undefined;
  readonly section: string | undefined;
}

export interface UnansweredRecord {
  readonly text: string;
  readonly at: Date;
}

export interface QuestionLogBatch {
  readonly questions: readonly QuestionRecord[];
  /** Repeats of the same text (ignoring case and spacing) add to one row. */
  readonly unanswered: readonly UnansweredRecord[];
}

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

export interface FeedbackRecord {
  readonly answerId: string;
  readonly docId: string;
  readonly section: string;
  readonly helpful: boolean;
  readonly comment: string | undefined;
  readonly at: Date;
}

export interface PersonRecord extends RosterRow {
  readonly leftOn: string | undefined;
}

export interface UnansweredQuestion {
  readonly text: string;
  readonly firstAskedAt: string;
  readonly lastAskedAt: string;
  readonly timesAsked: number;
}

/**
 * The data-access layer. Use-cases talk to this interface; SQL and the two
 * engines stay behind it. Later features add their own methods here.
 */
export interface Store {
  readonly engine: StoreEngine;
  readonly nudges: NudgeStore;
  /** Content versions and the content revision. */
  readonly content: ContentStore;
  readonly audit: AuditLog;
  /** Aggregates for HR's dashboard. */
  readonly insights: InsightsStore;
  /** Retention, "forget me" and subject-access reads. */
  readonly privacy: PrivacyStore;
  /** Questions to HR, their cards to send and the team channels the bot is in. */
  readonly tickets: TicketStore;
  /** Resolves when the database answers a query; rejects with STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Resolves when the database takes (and commits) a small write; rejects with STORE_UNAVAILABLE naming the cause otherwise. */
  checkWritable(now: Date): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string, now: Date): Promise<void>;
  /** Writes a batch of question-log rows and unanswered questions in one transaction. */
  saveQuestionLog(batch: QuestionLogBatch): Promise<void>;
  /** How many questions ended in each outcome (for HR figures; no identities exist to count). */
  countQuestions(): Promise<Record<QuestionRecord['status'], number>>;
  listUnanswered(limit: number): Promise<UnansweredQuestion[]>;
  /** Takes a question (and its repeats, ignoring case and spacing) off the unanswered list; false when it was not there. */
  removeUnanswered(text: string): Promise<boolean>;
  /** Stores feedback for one answer card; false when that card already had feedback (nothing changes). */
  recordFeedback(record: FeedbackRecord): Promise<boolean>;
  feedbackFor(answerId: string): Promise<{ helpful: boolean } | undefined>;
  /**
   * Upserts roster rows in one transaction as they arrive (batches keep memory flat).
   * `full` marks everyone not in `rows` as left on `today`. Identical rows change nothing.
   */
  importRoster(rows: AsyncIterable<RosterRow>, options: RosterImportOptions): Promise<RosterImportResult>;
  getPerson(employeeId: string): Promise<PersonRecord | undefined>;
  /** Adds one person (a manager's new starter); an existing employee id is left as it is. */
  addPerson(row: RosterRow, now: Date): Promise<{ created: boolean; person: PersonRecord }>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  readonly config: Pick<Config, 'store'>;
  readonly logger: Logger;
}

export async function openStore({ config, logger }: OpenStoreOptions): Promise<Store> {
  // The file names the problem for an operator; a PostgreSQL URL may carry a password, so it is not repeated.
  const file = config.store.kind === 'sqlite' ? config.store.file : undefined;
  let opened: ReturnType<typeof createKysely> | undefined;
  try {
    opened = createKysely(config.store, logger);
    await migrate(opened.db, logger);
  } catch (err) {
    await opened?.db.destroy().catch(() => undefined);
    const { code, message } = err as { code?: string; message: string };
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new AppError('STORE_DAMAGED', `${file ?? 'the database'} is not a usable SQLite database (${code}: ${message}). Restore it from a backup, or move it aside to start with an empty one.`, [], { cause: err });
    }
    throw new AppError('STORE_UNAVAILABLE', `Could not prepare the ${config.store.kind} database${file ? ` ${file}` : ''}: ${message}`, [], { cause: err });
  }
  return new KyselyStore(opened.db, opened.engine);
}

function createKysely(store: Config['store'], logger: Logger): { db: Kysely<Database>; engine: StoreEngine } {
  if (store.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(store.file), { recursive: true });
    const sqlite = new BetterSqlite3(store.file);
    // WAL lets readers carry on while the writer commits; busy_timeout rides out short lock waits.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), engine: 'sqlite' };
  }
  const pool = new pg.Pool({ connectionString: store.url, max: 10, connectionTimeoutMillis: 3000 });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'postgres connection lost'));
  // A client checked out when the server goes (mid-query or mid-transaction) has no pool listener, and its
  // 'error' would be uncaught. Its query fails anyway, and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', (err) => logger.debug({ err: err.message }, 'postgres connection lost while in use')));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), engine: 'postgres' };
}

async function migrate(db: Kysely<Database>, logger: Logger): Promise<void> {
  // Migrations are independent of each other; a database that ran a later one first still takes an earlier one.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'migration applied');
  }
  if (error) throw error;
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

class KyselyStore implements Store {
  readonly nudges: NudgeStore;
  readonly content: ContentStore;
  readonly audit: AuditLog;
  readonly insights: InsightsStore;
  readonly privacy: PrivacyStore;
  readonly tickets: TicketStore;
  /** Roster imports running now (each holds a transaction for as long as its file takes to read). */
  private importing = 0;

  constructor(
    readonly db: Kysely<Database>,
    readonly engine: StoreEngine,
  ) {
    this.nudges = new NudgeStore(db, engine);
    this.content = new ContentStore(db);
    this.audit = new AuditLog(db);
    this.insights = new InsightsStore(db);
    this.privacy = new PrivacyStore(db);
    this.tickets = new TicketStore(db, engine);
  }

  async ping(): Promise<void> {
    try {
      await pingQuery.execute(this.db);
    } catch (err) {
      throw new AppError('STORE_UNAVAILABLE', `${this.engine} database is not answering`, [], { cause: err });
    }
  }

  async checkWritable(now: Date): Promise<void> {
    // On SQLite a roster import holds the one connection for its whole transaction, writing as it goes:
    // the check would only queue behind it, and the import is itself proof that writes go through.
    if (this.engine === 'sqlite' && this.importing > 0) return;
    await checkWritable(this.db, this.engine, now);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async setMeta(key: string, value: string, now: Date): Promise<void> {
    const updated_at = now.toISOString();
    await this.db
      .insertInto('app_meta')
      .values({ key, value, updated_at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
      .execute();
  }

  async countQuestions(): Promise<Record<QuestionRecord['status'], number>> {
    const rows = await this.db
      .selectFrom('question_log')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts = { answer: 0, clarify: 0, none: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  async saveQuestionLog(batch: QuestionLogBatch): Promise<void> {
    // Repeats within the batch are folded first: one upsert per distinct question.
    const grouped = new Map<string, { text: string; first: string; last: string; count: number }>();
    for (const u of batch.unanswered) {
      const text = u.text.replace(/\s+/g, ' ').trim().slice(0, 500);
      const key = unansweredKey(text);
      const at = u.at.toISOString();
      const g = grouped.get(key);
      if (g) {
        g.count++;
        if (at < g.first) g.first = at;
        if (at > g.last) g.last = at;
      } else grouped.set(key, { text, first: at, last: at, count: 1 });
    }
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < batch.questions.length; i += 100) {
        await trx
          .insertInto('question_log')
          .values(
            batch.questions.slice(i, i + 100).map((r) => ({
              id: randomUUID(),
              asked_at: r.askedAt.toISOString(),
              status: r.status,
              doc_id: r.docId ?? null,
              section: r.section ?? null,
            })),
          )
          .execute();
      }
      for (const [key, g] of grouped) {
        await trx
          .insertInto('unanswered_question')
          .values({ question_key: key, text: g.text, first_asked_at: g.first, last_asked_at: g.last, times_asked: g.count })
          .onConflict((oc) =>
            oc.column('question_key').doUpdateSet((eb) => ({
              last_asked_at: g.last,
              times_asked: eb('unanswered_question.times_asked', '+', g.count),
            })),
          )
          .execute();
      }
    });
  }

  async listUnanswered(limit: number): Promise<UnansweredQuestion[]> {
    const rows = await this.db
      .selectFrom('unanswered_question')
      .selectAll()
      .orderBy('times_asked', 'desc')
      .orderBy('last_asked_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ text: r.text, firstAskedAt: r.first_asked_at, lastAskedAt: r.last_asked_at, timesAsked: Number(r.times_asked) }));
  }

  async removeUnanswered(text: string): Promise<boolean> {
    const result = await this.db.deleteFrom('unanswered_question').where('question_key', '=', unansweredKey(text)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async recordFeedback(r: FeedbackRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('feedback')
      .values({
        answer_id: r.answerId,
        doc_id: r.docId,
        section: r.section,
        helpful: r.helpful ? 1 : 0,
        comment: r.comment ?? null,
        created_at: r.at.toISOString(),
      })
      .onConflict((oc) => oc.column('answer_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async feedbackFor(answerId: string): Promise<{ helpful: boolean } | undefined> {
    const row = await this.db.selectFrom('feedback').select('helpful').where('answer_id', '=', answerId).executeTakeFirst();
    return row ? { helpful: Number(row.helpful) === 1 } : undefined;
  }

  async importRoster(rows: AsyncIterable<RosterRow>, options: RosterImportOptions): Promise<RosterImportResult> {
    const now = options.now.toISOString();
    const counts = { added: 0, updated: 0, unchanged: 0, markedLeft: 0 };
    this.importing++;
    try {
      await this.importRosterRows(rows, options, now, counts);
    } finally {
      this.importing--;
    }
    return counts;
  }

  private async importRosterRows(rows: AsyncIterable<RosterRow>, options: Parameters<Store['importRoster']>[1], now: string, counts: { -readonly [K in keyof RosterImportResult]: number }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
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
  }

  async addPerson(row: RosterRow, now: Date): Promise<{ created: boolean; person: PersonRecord }> {
    const at = now.toISOString();
    const result = await this.db
      .insertInto('person')
      .values({ ...personValues(row), left_on: null, last_wellbeing_on: null, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('employee_id').doNothing())
      .executeTakeFirst();
    return { created: Number(result.numInsertedOrUpdatedRows ?? 0) > 0, person: (await this.getPerson(row.employeeId))! };
  }

  async getPerson(employeeId: string): Promise<PersonRecord | undefined> {
    const p = await this.db.selectFrom('person').selectAll().where('employee_id', '=', employeeId).executeTakeFirst();
    if (!p) return undefined;
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
    };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** Repeats of a question count as one: lower case, single spaces, at most 500 characters. */
function unansweredKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500).toLowerCase();
}
