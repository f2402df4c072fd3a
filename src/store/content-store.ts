import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { AppError } from '../errors.js';
import type { AuditLogTable, ContentAction, ContentVersionTable, Database } from './schema.js';

/**
 * Content as immutable versions, and the audit log. The live content is the
 * latest version of every path that is not retired; one revision number
 * counts every change, so instances can poll it cheaply.
 */
export interface StoredVersion {
  readonly path: string;
  readonly version: number;
  readonly docId: string | undefined;
  readonly revision: number;
  readonly action: ContentAction;
  readonly text: string;
  readonly author: string;
  readonly changeNote: string;
  readonly createdAt: string;
}

export interface NewVersion {
  readonly path: string;
  readonly docId: string | undefined;
  readonly action: ContentAction;
  readonly text: string;
}

export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly version: number | undefined;
  readonly detail: string | undefined;
}

export type NewAuditEntry = Omit<AuditEntry, 'at' | 'version'> & { readonly version?: number };

export interface AppendResult {
  readonly revision: number;
  readonly versions: readonly { readonly path: string; readonly version: number }[];
}

export interface LiveFiles {
  readonly revision: number;
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

function toVersion(r: Selectable<ContentVersionTable>): StoredVersion {
  return {
    path: r.path,
    version: Number(r.version),
    docId: r.doc_id ?? undefined,
    revision: Number(r.revision),
    action: r.action,
    text: r.text,
    author: r.author,
    changeNote: r.change_note,
    createdAt: r.created_at,
  };
}

function toAudit(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target,
    version: r.version === null ? undefined : Number(r.version),
    detail: r.detail ?? undefined,
  };
}

export class ContentStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The number every change bumps; 0 means the store holds no content yet. */
  async revision(): Promise<number> {
    const row = await this.db.selectFrom('content_revision').select('revision').where('id', '=', 1).executeTakeFirst();
    return Number(row?.revision ?? 0);
  }

  /**
   * The latest version of every path as of `atRevision` (default: now), retired
   * ones included. Versions never change and a revision commits with its
   * versions, so filtering by revision gives one consistent state.
   */
  async latest(atRevision?: number): Promise<StoredVersion[]> {
    const revision = atRevision ?? (await this.revision());
    const rows = await this.db
      .selectFrom('content_version as v')
      .selectAll('v')
      .where('v.revision', '<=', revision)
      .where(({ eb, selectFrom }) =>
        eb(
          'v.version',
          '=',
          selectFrom('content_version as w').select((w) => w.fn.max('w.version').as('m')).whereRef('w.path', '=', 'v.path').where('w.revision', '<=', revision),
        ),
      )
      .orderBy('v.path')
      .execute();
    return rows.map(toVersion);
  }

  /** The files people get answers from now, with the revision they belong to. */
  async liveFiles(): Promise<LiveFiles> {
    const revision = await this.revision();
    const latest = await this.latest(revision);
    return { revision, files: latest.filter((v) => v.action !== 'retire').map((v) => ({ path: v.path, text: v.text })) };
  }

  async history(path: string): Promise<StoredVersion[]> {
    const rows = await this.db.selectFrom('content_version').selectAll().where('path', '=', path).orderBy('version', 'desc').execute();
    return rows.map(toVersion);
  }

  async version(path: string, version: number): Promise<StoredVersion | undefined> {
    const row = await this.db.selectFrom('content_version').selectAll().where('path', '=', path).where('version', '=', version).executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  /** Where a document lives: the path of its most recent version. */
  async pathOf(docId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('content_version')
      .select('path')
      .where('doc_id', '=', docId)
      .orderBy('revision', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.path;
  }

  /**
   * Adds versions and their audit rows in one transaction, as revision
   * `expectedRevision + 1`. If another change landed since the caller read
   * `expectedRevision`, nothing is written and CONFLICT is thrown: the caller
   * validated against content that is no longer live.
   */
  async append(
    versions: readonly NewVersion[],
    meta: { expectedRevision: number; author: string; changeNote: string; now: Date; audit: Omit<NewAuditEntry, 'target'> },
  ): Promise<AppendResult> {
    const at = meta.now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const bumped = await trx
        .updateTable('content_revision')
        .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: at }))
        .where('id', '=', 1)
        .where('revision', '=', meta.expectedRevision)
        .executeTakeFirst();
      if (Number(bumped.numUpdatedRows) !== 1) {
        throw new AppError('CONFLICT', 'the content changed while this change was being checked; try again');
      }
      const revision = meta.expectedRevision + 1;
      const written: { path: string; version: number }[] = [];
      for (const v of versions) {
        const last = await trx
          .selectFrom('content_version')
          .select((eb) => eb.fn.max('version').as('m'))
          .where('path', '=', v.path)
          .executeTakeFirst();
        const version = Number(last?.m ?? 0) + 1;
        await trx
          .insertInto('content_version')
          .values({
            path: v.path,
            version,
            doc_id: v.docId ?? null,
            revision,
            action: v.action,
            text: v.text,
            author: meta.author,
            change_note: meta.changeNote,
            created_at: at,
          })
          .execute();
        await insertAudit(trx, at, { ...meta.audit, target: v.docId ?? v.path, version });
        written.push({ path: v.path, version });
      }
      return { revision, versions: written };
    });
  }
}

export async function insertAudit(db: Kysely<Database> | Transaction<Database>, at: string, e: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: randomUUID(), at, actor: e.actor, action: e.action, target: e.target, version: e.version ?? null, detail: e.detail ?? null })
    .execute();
}

/** Who did what, when: append and read, nothing else (the database refuses updates and deletes). */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: NewAuditEntry, now: Date): Promise<void> {
    await insertAudit(this.db, now.toISOString(), entry);
  }

  /** Most recent first. */
  async list(limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id').limit(limit).execute();
    return rows.map(toAudit);
  }
}
