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
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

/** Used by tests to prove the store answers: a query every engine supports. */
export const pingQuery = sql<{ ok: number }>`select 1 as ok`;
