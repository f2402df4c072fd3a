/**
 * Table shapes as Kysely sees them. Times are ISO 8601 UTC strings on both
 * engines so that rows compare and sort the same way everywhere.
 */
export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database {
  app_meta: AppMetaTable;
}
