import type { Kysely } from 'kysely';
import { dispatchQueue } from './dispatch-queue.js';
import { managerRepository } from './managers.js';
import { nudgeReads } from './nudge-reads.js';
import { planningQueries } from './planning-queries.js';
import type { Database } from './schema.js';

export type { Installed, Replan } from './managers.js';
export { NO_MANAGER } from './nudge-rows.js';

/**
 * Managers and their nudges, in four parts: managers (`managers.ts`), what
 * planning asks (`planning-queries.ts`), the dispatch queue
 * (`dispatch-queue.ts`) and outcomes with the read models (`nudge-reads.ts`).
 * Each use-case in `nudges/` declares the few methods it needs; this object
 * meets all of them.
 */
export type NudgeStore = ReturnType<typeof nudgeStore>;

export function nudgeStore(db: Kysely<Database>, engine: 'sqlite' | 'postgres') {
  return { ...managerRepository(db), ...planningQueries(db), ...dispatchQueue(db, engine), ...nudgeReads(db) };
}
