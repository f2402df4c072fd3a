import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { laterMigrations } from './later-migrations.js';

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
  '0004_nudges': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('person').addColumn('last_wellbeing_on', 'text').execute();
      await db.schema
        .createTable('manager')
        .addColumn('email', 'text', (c) => c.primaryKey())
        .addColumn('aad_object_id', 'text')
        .addColumn('conversation_reference', 'text')
        .addColumn('reachable', 'integer', (c) => c.notNull())
        .addColumn('unreachable_since', 'text')
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('days', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text', (c) => c.notNull())
        .addColumn('paused_until', 'text')
        .addColumn('cadence_weeks', 'integer')
        .addColumn('digest', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('manager_aad_object_id').on('manager').column('aad_object_id').execute();
      await db.schema
        .createTable('nudge')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('employee_id', 'text', (c) => c.notNull())
        .addColumn('manager_email', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text')
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('send_after', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('activity_id', 'text')
        .addColumn('outcome', 'text')
        .addColumn('outcome_at', 'text')
        .addColumn('held_on', 'text')
        .addColumn('snoozed_until', 'text')
        .addColumn('skip_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('nudge_due').on('nudge').columns(['status', 'send_after']).execute();
      await db.schema.createIndex('nudge_manager').on('nudge').columns(['manager_email', 'status']).execute();
      // Only the next occurrence of a recurring nudge exists: one open wellbeing nudge per person,
      // and one open nudge per onboarding step (a snooze closes one and opens the next).
      await db.schema
        .createIndex('nudge_one_open_wellbeing')
        .on('nudge')
        .column('employee_id')
        .unique()
        .where(sql.ref('kind'), '=', 'wellbeing')
        .where(sql.ref('outcome'), 'is', null)
        .where(sql.ref('status'), 'not in', ['cancelled', 'failed'])
        .execute();
      await db.schema
        .createIndex('nudge_one_onboarding_step')
        .on('nudge')
        .columns(['employee_id', 'step_id'])
        .unique()
        .where(sql.ref('kind'), '=', 'onboarding')
        .where(sql.ref('outcome'), 'is', null)
        .where(sql.ref('status'), 'not in', ['cancelled', 'failed'])
        .execute();
    },
  },
  '0005_content_versions': {
    async up(db: Kysely<any>) {
      // Every published state of every content file, never updated or deleted: the live set is the
      // latest version of each path unless that version retired it.
      await db.schema
        .createTable('content_version')
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('doc_id', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('change_note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('content_version_pk', ['path', 'version'])
        .execute();
      await db.schema.createIndex('content_version_doc_id').on('content_version').column('doc_id').execute();
      await db.schema.createIndex('content_version_revision').on('content_version').column('revision').execute();
      // One row: bumped in the same transaction as every change, so instances poll one number,
      // and a publisher that read an older revision finds out it raced another.
      await db.schema
        .createTable('content_revision')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('content_revision').values({ id: 1, revision: 0, updated_at: new Date(0).toISOString() }).execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('version', 'integer')
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      // Append-only is enforced by the database too, not only by the absence of an update method.
      if (db.getExecutor().adapter instanceof SqliteAdapter) {
        for (const table of ['audit_log', 'content_version']) {
          for (const op of ['update', 'delete']) {
            await sql
              .raw(`create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`)
              .execute(db);
          }
        }
      } else {
        await sql`create function lma_append_only() returns trigger language plpgsql as $$ begin raise exception '% is append-only', tg_table_name; end $$`.execute(db);
        for (const table of ['audit_log', 'content_version']) {
          await sql.raw(`create trigger ${table}_append_only before update or delete on ${table} for each statement execute function lma_append_only()`).execute(db);
        }
      }
    },
  },
  '0007_privacy': {
    async up(db: Kysely<any>) {
      // Retention deletes by these dates every few hours; without indexes each pass reads whole tables.
      await db.schema.createIndex('unanswered_question_last_asked_at').on('unanswered_question').column('last_asked_at').execute();
      await db.schema.createIndex('feedback_created_at').on('feedback').column('created_at').execute();
    },
  },
  '0008_nudge_person': {
    async up(db: Kysely<any>) {
      // Planning asks, for every person, whether they have an open wellbeing nudge. Without this index
      // SQLite scanned the nudge table per person: 600 ms for 5,000 people, blocking the event loop.
      await db.schema.createIndex('nudge_person').on('nudge').columns(['employee_id', 'kind']).execute();
    },
  },
  '0009_reminders_stopped': {
    async up(db: Kysely<any>) {
      // "Forget me" from a manager HR still lists: remembered so that the planner does not plan their team again.
      await db.schema
        .createTable('reminders_stopped')
        .addColumn('email', 'text', (c) => c.primaryKey())
        .addColumn('aad_object_id', 'text')
        .addColumn('stopped_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reminders_stopped_aad').on('reminders_stopped').column('aad_object_id').execute();
    },
  },
  '0010_hr_tickets': {
    async up(db: Kysely<any>) {
      // Questions to HR (columns explained in schema.ts): retention and "forget me" blank text and asker, keep dates.
      await db.schema
        .createTable('hr_ticket')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'integer', (c) => c.notNull().unique())
        .addColumn('form_id', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('tried_docs', 'text', (c) => c.notNull())
        .addColumn('asker_aad', 'text')
        .addColumn('asker_email', 'text')
        .addColumn('asker_name', 'text', (c) => c.notNull())
        .addColumn('asker_reference', 'text')
        .addColumn('assignee_aad', 'text')
        .addColumn('assignee_user_id', 'text')
        .addColumn('assignee_name', 'text')
        .addColumn('reply', 'text')
        .addColumn('replied_by', 'text')
        .addColumn('follow_up', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('reopened', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('first_response_at', 'text')
        .addColumn('answered_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('channel_activity_id', 'text')
        .addColumn('channel_card_version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hr_ticket_status').on('hr_ticket').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('hr_ticket_asker').on('hr_ticket').column('asker_aad').execute();
      await db.schema.createIndex('hr_ticket_closed_at').on('hr_ticket').column('closed_at').execute();
      // One row: "update ... set n = n + 1 returning n" numbers tickets on every instance and engine without gaps in ownership.
      await db.schema
        .createTable('hr_ticket_counter')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('hr_ticket_counter').values({ id: 1, last_number: 0 }).execute();
      // Cards to send for tickets, leased and retried like nudges: an instance that stops mid-send leaves them for another.
      await db.schema
        .createTable('hr_delivery')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('send_after', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('activity_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hr_delivery_due').on('hr_delivery').columns(['status', 'send_after']).execute();
      await db.schema.createIndex('hr_delivery_ticket').on('hr_delivery').column('ticket_id').execute();
      // Team channels the bot was added to: HR chooses theirs in the admin tab (or HR_TEAM_ID names it).
      await db.schema
        .createTable('team_channel')
        .addColumn('team_id', 'text', (c) => c.primaryKey())
        .addColumn('team_name', 'text', (c) => c.notNull())
        .addColumn('conversation_reference', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  ...laterMigrations,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
