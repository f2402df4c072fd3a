import type { Clock } from '../clock.js';
import type { Card } from '../cards/render-card.js';
import type { Logger } from '../logger.js';
import type { ClaimedNudge, NudgeStore } from '../store/nudge-store.js';
import type { RateLimiter } from './rate-limiter.js';

/** The edge that talks to Teams: send a card into a stored conversation. */
export interface Messenger {
  send(reference: unknown, card: Card): Promise<{ activityId: string }>;
}

/** A failed send, with the HTTP status the connector gave (0 for a network error). */
export class SendError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface DispatchDeps {
  readonly nudges: NudgeStore;
  readonly messenger: Messenger;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Identifies this instance in leases. */
  readonly owner: string;
  /** Builds the card for one manager's due nudges (one, or a digest). */
  readonly card: (nudges: readonly ClaimedNudge[]) => Card;
  readonly options?: Partial<DispatchOptions>;
}

export interface DispatchOptions {
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly concurrency: number;
  readonly baseBackoffMs: number;
}

const DEFAULTS: DispatchOptions = { batchSize: 200, leaseMs: 120_000, maxAttempts: 5, concurrency: 8, baseBackoffMs: 2_000 };
const RETRYABLE = new Set([0, 408, 412, 500, 502, 503, 504]);

export interface DispatchResult {
  sent: number;
  retried: number;
  parked: number;
  failed: number;
}

/**
 * One pass: claim what is due, group it by manager (one card each, a digest
 * when several are due together, unless the manager chose one card per
 * reminder), send within the rate, and record how each
 * ended. Every claimed nudge ends sent, waiting to retry, parked or failed.
 */
export async function dispatchOnce(deps: DispatchDeps): Promise<DispatchResult & { claimed: number }> {
  const o = { ...DEFAULTS, ...deps.options };
  const now = deps.clock.now();
  const claimed = await deps.nudges.claimDue(deps.owner, now, new Date(now.getTime() + o.leaseMs), o.batchSize);
  const result: DispatchResult = { sent: 0, retried: 0, parked: 0, failed: 0 };
  const groups = cardsFor(claimed);
  const workers = Array.from({ length: Math.min(o.concurrency, groups.length) }, async () => {
    for (let g = groups.shift(); g; g = groups.shift()) await sendGroup(deps, o, g, result);
  });
  await Promise.all(workers);
  return { ...result, claimed: claimed.length };
}

/**
 * Most reminders on one digest card. Each carries its own buttons and forms
 * (about 2.2 KB), and Teams refuses cards over 28 KB: eight stay well inside.
 */
export const MAX_REMINDERS_PER_CARD = 8;

/**
 * Which nudges go on one card: a manager's due nudges together (a digest, the
 * default; several cards of at most MAX_REMINDERS_PER_CARD when many are due),
 * or one card each for a manager who turned digests off.
 */
export function cardsFor(claimed: readonly ClaimedNudge[]): ClaimedNudge[][] {
  const byManager = new Map<string, ClaimedNudge[]>();
  const cards: ClaimedNudge[][] = [];
  for (const n of claimed) {
    if (n.digest === 0) {
      cards.push([n]);
      continue;
    }
    const group = byManager.get(n.manager_email);
    if (group) group.push(n);
    else byManager.set(n.manager_email, [n]);
  }
  for (const group of byManager.values()) {
    for (let i = 0; i < group.length; i += MAX_REMINDERS_PER_CARD) cards.push(group.slice(i, i + MAX_REMINDERS_PER_CARD));
  }
  return cards;
}

async function sendGroup(deps: DispatchDeps, o: DispatchOptions, group: ClaimedNudge[], result: DispatchResult): Promise<void> {
  const ids = group.map((n) => n.id);
  const first = group[0]!;
  if (!first.conversation_reference || first.reachable !== 1) {
    await deps.nudges.markEnded(ids, deps.owner, 'parked', 'manager has not installed the assistant, or cannot be reached', deps.clock.now());
    result.parked += ids.length;
    return;
  }
  await deps.limiter.take();
  try {
    const { activityId } = await deps.messenger.send(JSON.parse(first.conversation_reference), deps.card(group));
    await deps.nudges.markSent(ids, deps.owner, activityId, deps.clock.now());
    result.sent += ids.length;
  } catch (err) {
    const e = err instanceof SendError ? err : new SendError(0, (err as Error).message);
    const now = deps.clock.now();
    if (e.status === 403 || e.status === 404) {
      deps.logger.warn({ status: e.status, nudges: ids.length }, 'manager unreachable; nudges parked');
      await deps.nudges.markManagerUnreachable(first.manager_email, `connector answered ${e.status}`, now);
      result.parked += ids.length;
    } else if (e.status === 429) {
      const wait = e.retryAfterMs ?? o.baseBackoffMs;
      deps.limiter.pauseUntil(now.getTime() + wait);
      await deps.nudges.markRetry(ids, deps.owner, new Date(now.getTime() + wait), 'throttled (429)', now);
      result.retried += ids.length;
    } else if (RETRYABLE.has(e.status) && first.attempts + 1 < o.maxAttempts) {
      // Exponential backoff with full jitter, so many instances do not retry in step.
      const wait = Math.round(Math.random() * o.baseBackoffMs * 2 ** first.attempts) + 250;
      await deps.nudges.markRetry(ids, deps.owner, new Date(now.getTime() + wait), `send failed (${e.status || 'network'})`, now);
      result.retried += ids.length;
    } else {
      deps.logger.warn({ status: e.status, attempts: first.attempts + 1 }, 'nudge send failed for good');
      await deps.nudges.markEnded(ids, deps.owner, 'failed', `send failed (${e.status || 'network'}) after ${first.attempts + 1} attempt(s)`, now);
      result.failed += ids.length;
    }
  }
}
