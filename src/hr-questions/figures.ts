import type { Clock } from '../clock.js';
import type { TicketStore } from '../store/ticket-store.js';

/**
 * The dashboard's figures for questions to HR: per month, how many were
 * asked, and the median hours to HR's first answer and to close. No names;
 * a median over fewer tickets than the minimum group size is withheld, since
 * it could describe one person's question.
 */
export interface TicketFigureDeps {
  readonly tickets: Pick<TicketStore, 'timesSince' | 'countByStatus'>;
  readonly clock: Clock;
  readonly minGroupSize: number;
}

export interface MonthFigures {
  /** YYYY-MM (UTC). */
  readonly month: string;
  readonly asked: number;
  readonly answered: number;
  readonly closed: number;
  /** Null when fewer than the minimum group size were answered. */
  readonly medianHoursToFirstAnswer: number | null;
  readonly medianHoursToClose: number | null;
}

const HOUR_MS = 3_600_000;

export async function ticketFigures(deps: TicketFigureDeps, months: number) {
  const now = deps.clock.now();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const times = await deps.tickets.timesSince(first);
  const byMonth: MonthFigures[] = [];
  for (let i = 0; i < months; i++) {
    const month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1)).toISOString().slice(0, 7);
    const these = times.filter((t) => t.createdAt.startsWith(month));
    const toAnswer = these.filter((t) => t.firstResponseAt).map((t) => (Date.parse(t.firstResponseAt!) - Date.parse(t.createdAt)) / HOUR_MS);
    const toClose = these.filter((t) => t.closedAt).map((t) => (Date.parse(t.closedAt!) - Date.parse(t.createdAt)) / HOUR_MS);
    byMonth.push({
      month,
      asked: these.length,
      answered: toAnswer.length,
      closed: toClose.length,
      medianHoursToFirstAnswer: toAnswer.length >= deps.minGroupSize ? round(median(toAnswer)) : null,
      medianHoursToClose: toClose.length >= deps.minGroupSize ? round(median(toClose)) : null,
    });
  }
  return { minGroupSize: deps.minGroupSize, counts: await deps.tickets.countByStatus(), months: byMonth };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(hours: number): number {
  return Math.round(hours * 10) / 10;
}
