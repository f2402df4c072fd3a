import type { Clock } from '../clock.js';
import type { Card } from '../cards/render-card.js';
import type { Logger } from '../logger.js';
import type { ClaimedNudge } from '../domain/nudge.js';
import type { RateLimiter } from './rate-limiter.js';
import { nextDeliveryTime, type HolidayCalendar } from './delivery-window.js';

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

/**
 * The queue in the store a dispatch works: claims hold a lease, and each
 * change is made only while `owner` still holds it.
 */
export interface DispatchQueue {
  claimDue(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNudge[]>;
  markSent(ids: readonly string[], owner: string, activityId: string, now: Date): Promise<void>;
  /** Pending again from `retryAt`, the attempt counted. */
  markRetry(ids: readonly string[], owner: string, retryAt: Date, error: string, now: Date): Promise<void>;
  /** Pending again, no attempt counted; from `sendAfter` when given. */
  release(ids: readonly string[], owner: string, now: Date, sendAfter?: Date): Promise<void>;
  markEnded(ids: readonly string[], owner: string, status: 'parked' | 'failed', error: string, now: Date): Promise<void>;
  /** The manager cannot be reached (403/404): everything queued for them is parked. */
  markManagerUnreachable(email: string, reason: string, now: Date): Promise<void>;
}

export interface DispatchDeps {
  readonly nudges: DispatchQueue;
  readonly messenger: Messenger;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Identifies this instance in leases. */
  readonly owner: string;
  /** Builds the card for one manager's due nudges (one, or a digest). */
  readonly card: (nudges: readonly ClaimedNudge[]) => Card;
  /**
   * With a holiday calendar, a card goes out only inside its manager's working
   * window: one that became due at night or at a weekend (after downtime, or
   * planned late) waits for the window to open. Without one, no check (benchmarks).
   */
  readonly holidays?: HolidayCalendar;
  readonly options?: Partial<DispatchOptions>;
}

export interface DispatchOptions {
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly concurrency: number;
  readonly baseBackoffMs: number;
  /** The messenger's send timeout: a send is started only while the lease outlasts it. */
  readonly sendTimeoutMs: number;
}

const DEFAULTS: DispatchOptions = { batchSize: 200, leaseMs: 120_000, maxAttempts: 5, concurrency: 8, baseBackoffMs: 2_000, sendTimeoutMs: 15_000 };
const RETRYABLE = new Set([0, 408, 412, 500, 502, 503, 504]);

export interface DispatchResult {
  sent: number;
  retried: number;
  parked: number;
  failed: number;
  /** Claimed but handed back unsent because the lease ran short (a long Retry-After pause); due again at once. */
  released: number;
  /** Handed back to wait for the manager's working window. */
  deferred: number;
}

/**
 * One pass: claim what is due, group it by manager (one card each, a digest
 * when several are due together, unless the manager chose one card per
 * reminder), send within the rate, and record how each ended. Every claimed
 * nudge ends sent, waiting to retry, parked, failed or released. When a full
 * batch was claimed, the next is claimed as soon as the queue runs dry, so a
 * send waiting out its timeout holds up only its own worker, not the batch.
 * `keepGoing` stops the refills (shutdown).
 */
export async function dispatchOnce(deps: DispatchDeps, keepGoing: () => boolean = () => true): Promise<DispatchResult & { claimed: number }> {
  const o = { ...DEFAULTS, ...deps.options };
  const result: DispatchResult = { sent: 0, retried: 0, parked: 0, failed: 0, released: 0, deferred: 0 };
  const queue: { group: ClaimedNudge[]; leaseUntil: number }[] = [];
  let claimedTotal = 0;
  let more = false;
  let claiming: Promise<void> | undefined;
  const claim = async () => {
    const now = deps.clock.now();
    const leaseUntil = now.getTime() + o.leaseMs;
    const claimed = await deps.nudges.claimDue(deps.owner, now, new Date(leaseUntil), o.batchSize);
    claimedTotal += claimed.length;
    // A claim may run past the limit to take the last manager's reminders whole.
    more = claimed.length >= o.batchSize;
    for (const group of cardsFor(claimed)) queue.push({ group, leaseUntil });
  };
  await claim();
  const worker = async () => {
    for (;;) {
      const next = queue.shift();
      if (next) await sendGroup(deps, o, next.group, next.leaseUntil, result);
      else if (claiming) await claiming;
      else if (more && keepGoing()) claiming = claim().finally(() => (claiming = undefined));
      else return;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { ...result, claimed: claimedTotal };
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
    // A manager not known yet gets the default: a digest.
    if (n.manager?.digest === false) {
      cards.push([n]);
      continue;
    }
    const group = byManager.get(n.managerEmail);
    if (group) group.push(n);
    else byManager.set(n.managerEmail, [n]);
  }
  for (const group of byManager.values()) {
    for (let i = 0; i < group.length; i += MAX_REMINDERS_PER_CARD) cards.push(group.slice(i, i + MAX_REMINDERS_PER_CARD));
  }
  return cards;
}

async function sendGroup(deps: DispatchDeps, o: DispatchOptions, group: ClaimedNudge[], leaseUntil: number, result: DispatchResult): Promise<void> {
  const ids = group.map((n) => n.id);
  const manager = group[0]!.manager;
  if (!manager?.reachable) {
    await deps.nudges.markEnded(ids, deps.owner, 'parked', 'manager has not installed the assistant, or cannot be reached', deps.clock.now());
    result.parked += ids.length;
    return;
  }
  if (deps.holidays) {
    const now = deps.clock.now();
    const opens = nextDeliveryTime(now, manager.window, deps.holidays);
    if (!opens || opens.getTime() > now.getTime()) {
      // A window that never opens (no working days) is tried again in a day; HR sees the wait.
      await deps.nudges.release(ids, deps.owner, now, opens ?? new Date(now.getTime() + 24 * 3600_000));
      result.deferred += ids.length;
      return;
    }
  }
  await deps.limiter.take();
  // Another instance takes over an expired lease; sending after that could deliver the card twice.
  if (deps.clock.now().getTime() + o.sendTimeoutMs >= leaseUntil) {
    await deps.nudges.release(ids, deps.owner, deps.clock.now());
    result.released += ids.length;
    return;
  }
  let activityId: string;
  try {
    ({ activityId } = await deps.messenger.send(manager.conversation, deps.card(group)));
  } catch (err) {
    await recordFailure(deps, o, group, err instanceof SendError ? err : new SendError(0, (err as Error).message), result);
    return;
  }
  // Outside the try: the card has gone, so a store error here must not be taken for a failed send and retried.
  await deps.nudges.markSent(ids, deps.owner, activityId, deps.clock.now());
  result.sent += ids.length;
}

async function recordFailure(deps: DispatchDeps, o: DispatchOptions, group: ClaimedNudge[], e: SendError, result: DispatchResult): Promise<void> {
  const ids = group.map((n) => n.id);
  const first = group[0]!;
  const now = deps.clock.now();
  const plan = retryPlan(e, first.attempts, o);
  if (plan.kind === 'parked') {
    deps.logger.warn({ status: e.status, nudges: ids.length }, 'manager unreachable; nudges parked');
    await deps.nudges.markManagerUnreachable(first.managerEmail, plan.reason, now);
    result.parked += ids.length;
  } else if (plan.kind === 'retry') {
    if (e.status === 429) deps.limiter.pauseUntil(now.getTime() + plan.waitMs);
    await deps.nudges.markRetry(ids, deps.owner, new Date(now.getTime() + plan.waitMs), plan.reason, now);
    result.retried += ids.length;
  } else {
    deps.logger.warn({ status: e.status, attempts: first.attempts + 1 }, 'nudge send failed for good');
    await deps.nudges.markEnded(ids, deps.owner, 'failed', plan.reason, now);
    result.failed += ids.length;
  }
}

export type RetryPlan = { readonly kind: 'retry'; readonly waitMs: number; readonly reason: string } | { readonly kind: 'parked' | 'failed'; readonly reason: string };

/**
 * What to do after a failed send, for every proactive card (nudges, answers
 * from HR): 403/404 means the person cannot be reached; 429 waits for its
 * Retry-After; network errors and 5xx back off and try again, up to `maxAttempts`.
 */
export function retryPlan(e: SendError, attempts: number, o: Pick<DispatchOptions, 'maxAttempts' | 'baseBackoffMs'>): RetryPlan {
  if (e.status === 403 || e.status === 404) return { kind: 'parked', reason: `connector answered ${e.status}` };
  if (e.status === 429) return { kind: 'retry', waitMs: e.retryAfterMs ?? o.baseBackoffMs, reason: 'throttled (429)' };
  if (RETRYABLE.has(e.status) && attempts + 1 < o.maxAttempts) {
    // Exponential backoff with full jitter, so many instances do not retry in step.
    return { kind: 'retry', waitMs: Math.round(Math.random() * o.baseBackoffMs * 2 ** attempts) + 250, reason: `send failed (${describe(e)})` };
  }
  return { kind: 'failed', reason: `send failed (${describe(e)}) after ${attempts + 1} attempt(s)` };
}

/** A status, or for network errors what happened (timeout, reset), for HR to read; never message text. */
function describe(e: SendError): string {
  return e.status ? String(e.status) : `network: ${e.message.slice(0, 80)}`;
}
