import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Migrations from 0011 on, under the same rules as those in migrations.ts (written once, never
 * edited after landing; text and integer columns both engines share). A file of their own because
 * migrations.ts had reached the 300 lines a file in src/ may have.
 */
export const laterMigrations: Record<string, Migration> = {
  '0011_handled_activities': {
    async up(db: Kysely<any>) {
      // Activities answered by any instance, so a delivery repeated to another instance is answered once.
      // The primary key is what makes "insert unless present" atomic across instances; ids only, no text.
      await db.schema
        .createTable('handled_activity')
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('handled_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('handled_activity_pk', ['conversation_id', 'activity_id'])
        .execute();
      // The retention pass deletes by this date; without the index each pass would read the whole table.
      await db.schema.createIndex('handled_activity_handled_at').on('handled_activity').column('handled_at').execute();
    },
  },
};
