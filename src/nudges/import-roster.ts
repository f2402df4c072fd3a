import type { Readable } from 'node:stream';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { RosterImportResult, Store } from '../store/store.js';
import { readRoster, type RosterLimits, type RowProblem } from './roster.js';
import { todayFor } from './schedule.js';

export interface RosterImportReport extends RosterImportResult {
  /** Every problem found, by line and field (a line may have several). */
  readonly problems: readonly RowProblem[];
  /** Lines not imported: one bad line is one, however many of its fields were wrong. */
  readonly badLines: number;
}

/**
 * Imports every valid row of a roster CSV in one transaction; bad rows are
 * reported and skipped. A malformed file (missing column, broken CSV) imports
 * nothing. With `full`, people missing from the file are marked as left.
 * Every import that ran, from the command line or the admin tab, writes one
 * audit row naming `actor`.
 */
export async function importRoster(
  deps: { store: Pick<Store, 'importRoster' | 'audit'>; clock: Clock },
  input: Readable,
  options: { full: boolean; limits?: RosterLimits; actor?: string; confirmLeft?: boolean },
): Promise<RosterImportReport> {
  const problems: RowProblem[] = [];
  const now = deps.clock.now();
  const result = await deps.store.importRoster(readRoster(input, problems, options.limits), {
    full: options.full,
    today: todayFor(now),
    now,
    ...(options.confirmLeft ? {} : { checkLeaving: refuseMassLeaving }),
  });
  const badLines = new Set(problems.map((p) => p.line)).size;
  await deps.store.audit.append(
    {
      actor: options.actor ?? 'system',
      action: options.full ? 'roster-import-full' : 'roster-import',
      target: 'roster',
      detail: `${result.added + result.updated} imported, ${result.unchanged} unchanged, ${result.markedLeft} left, ${badLines} bad row(s)`,
    },
    now,
  );
  return { ...result, problems, badLines };
}

/** A full import may mark at most this share of the people listed now as left without being confirmed. */
export const MAX_LEFT_SHARE = 0.2;

/**
 * A header-only or truncated file sent as a full roster would end everyone's reminders:
 * past the share, nothing is imported until the import is confirmed.
 */
function refuseMassLeaving(leaving: number, active: number): void {
  if (leaving === 0 || leaving <= active * MAX_LEFT_SHARE) return;
  throw new AppError(
    'CONFLICT',
    `This full import would mark ${leaving} of ${active} people (${Math.round((100 * leaving) / active)}%) as left, more than ${MAX_LEFT_SHARE * 100}% at once; ` +
      'nothing was imported. Check the file is the whole roster; if it is, import it again confirmed (admin API: confirmLeft=true; command line: --confirm-left).',
  );
}
