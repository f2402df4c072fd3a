import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/**
 * Versioned migrations, in code so they ship inside the build. Each is written
 * once and never edited after it lands; a change is a new migration. Column
 * types are the ones SQLite and PostgreSQL share (text, integer, bigint).
 */
const migrations: Record<string, Migration> = {
  '0001_app_meta': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('app_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_questions_and_feedback': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('question_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asked_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('doc_id', 'text')
        .addColumn('section', 'text')
        .execute();
      await db.schema.createIndex('question_log_asked_at').on('question_log').column('asked_at').execute();
      await db.schema
        .createTable('unanswered_question')
        .addColumn('question_key', 'text', (c) => c.primaryKey())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('first_asked_at', 'text', (c) => c.notNull())
        .addColumn('last_asked_at', 'text', (c) => c.notNull())
        .addColumn('times_asked', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('feedback')
        .addColumn('answer_id', 'text', (c) => c.primaryKey())
        .addColumn('doc_id', 'text', (c) => c.notNull())
        .addColumn('section', 'text', (c) => c.notNull())
        .addColumn('helpful', 'integer', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feedback_doc_id').on('feedback').column('doc_id').execute();
    },
  },
  '0003_people': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('person')
        .addColumn('employee_id', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('manager_email', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text')
        .addColumn('department', 'text')
        .addColumn('job_title', 'text')
        .addColumn('left_on', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('person_manager_email').on('person').column('manager_email').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

/** Used by tests to prove the store answers: a query every engine supports. */
export const pingQuery = sql<{ ok: number }>`select 1 as ok`;
