import type { Readable } from 'node:stream';
import type { Clock } from '../clock.js';
import type { RosterImportResult, Store } from '../store/store.js';
import { readRoster, type RosterLimits, type RowProblem } from './roster.js';

export interface RosterImportReport extends RosterImportResult {
  readonly problems: readonly RowProblem[];
}

/**
 * Imports every valid row of a roster CSV in one transaction; bad rows are
 * reported and skipped. A malformed file (missing column, broken CSV) imports
 * nothing. With `full`, people missing from the file are marked as left.
 */
export async function importRoster(
  deps: { store: Pick<Store, 'importRoster'>; clock: Clock },
  input: Readable,
  options: { full: boolean; limits?: RosterLimits },
): Promise<RosterImportReport> {
  const problems: RowProblem[] = [];
  const now = deps.clock.now();
  const result = await deps.store.importRoster(readRoster(input, problems, options.limits), {
    full: options.full,
    today: now.toISOString().slice(0, 10),
    now,
  });
  return { ...result, problems };
}
