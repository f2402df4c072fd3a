import type { Card } from '../cards/render-card.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { retryPlan, SendError, type Messenger } from '../nudges/dispatcher.js';
import type { RateLimiter } from '../nudges/rate-limiter.js';
import type { ClaimedDelivery, TicketStore } from '../store/ticket-store.js';
import type { Ticket } from './ticket.js';

/**
 * Sends the cards tickets queue: a new ticket to the HR channel, an answer or
 * a close to the manager's chat. Claimed with a lease and retried by the
 * nudges' rules (429 waits for Retry-After, 5xx and network errors back off, 403/404 park),
 * under the same rate cap. The channel's card is then updated in place as the
 * ticket changes, once per version.
 */
export interface TicketMessenger extends Messenger {
  update(reference: unknown, activityId: string, card: Card): Promise<void>;
}

export interface DeliveryDeps {
  readonly tickets: Pick<TicketStore, 'get' | 'claimDeliveries' | 'markDelivered' | 'markDeliveryRetry' | 'markDeliveryEnded' | 'claimChannelUpdate' | 'channelActivity' | 'askerReference'>;
  readonly messenger: TicketMessenger;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly owner: string;
  /** Where HR's ticket cards go, or undefined when no HR channel is set. */
  readonly channel: () => Promise<unknown>;
  readonly cards: {
    /** The ticket as the HR channel sees it. */
    channel(ticket: Ticket): Promise<Card>;
    /** What the manager gets: the answer, or that HR closed it. */
    manager(ticket: Ticket): Card;
  };
  readonly options?: { readonly leaseMs?: number; readonly maxAttempts?: number; readonly baseBackoffMs?: number };
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  parked: number;
  failed: number;
}

/** One pass over what is due. */
export async function deliverTicketCards(deps: DeliveryDeps): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, parked: 0, failed: 0 };
  const now = deps.clock.now();
  const claimed = await deps.tickets.claimDeliveries(deps.owner, now, new Date(now.getTime() + (deps.options?.leaseMs ?? 120_000)), 50);
  for (const d of claimed) await deliverOne(deps, d, result);
  return result;
}

async function deliverOne(deps: DeliveryDeps, d: ClaimedDelivery, result: DeliveryResult): Promise<void> {
  const ticket = await deps.tickets.get(d.ticketId);
  const reference = d.target === 'channel' ? await deps.channel() : await deps.tickets.askerReference(d.ticketId);
  const now = () => deps.clock.now();
  if (!ticket || ticket.anonymised || !reference) {
    await deps.tickets.markDeliveryEnded(d.id, deps.owner, 'parked', d.target === 'channel' ? 'no HR channel is set' : 'no chat to reply in', now());
    result.parked++;
    return;
  }
  await deps.limiter.take();
  let activityId: string;
  try {
    const card = d.target === 'channel' ? await deps.cards.channel(ticket) : deps.cards.manager(ticket);
    ({ activityId } = await deps.messenger.send(reference, card));
  } catch (err) {
    const e = err instanceof SendError ? err : new SendError(0, (err as Error).message);
    const plan = retryPlan(e, d.attempts, { maxAttempts: deps.options?.maxAttempts ?? 5, baseBackoffMs: deps.options?.baseBackoffMs ?? 2_000 });
    if (plan.kind === 'retry') {
      if (e.status === 429) deps.limiter.pauseUntil(now().getTime() + plan.waitMs);
      await deps.tickets.markDeliveryRetry(d.id, deps.owner, new Date(now().getTime() + plan.waitMs), plan.reason, now());
      result.retried++;
    } else {
      await deps.tickets.markDeliveryEnded(d.id, deps.owner, plan.kind, plan.reason, now());
      result[plan.kind]++;
    }
    deps.logger.warn({ event: 'hr-card-not-sent', target: d.target, status: e.status, outcome: plan.kind }, 'ticket card not sent');
    return;
  }
  await deps.tickets.markDelivered(d, deps.owner, activityId, now(), ticket.version);
  result.sent++;
  // A change made while the first card was on its way: the card drawn then may already be out of date.
  if (d.target === 'channel') await updateChannelCard(deps, ticket.id);
}

/**
 * Redraws the HR channel's card for the ticket as it is now. Only one caller
 * per version sends (the store's claim), so two instances never both update it,
 * and an older version never overwrites a newer one. A failure is only
 * logged: the card's refresh brings anyone who opens it up to date.
 */
export async function updateChannelCard(deps: DeliveryDeps, ticketId: string): Promise<boolean> {
  const ticket = await deps.tickets.get(ticketId);
  if (!ticket) return false;
  const [reference, activityId] = [await deps.channel(), await deps.tickets.channelActivity(ticketId)];
  if (!reference || !activityId || !(await deps.tickets.claimChannelUpdate(ticketId, ticket.version))) return false;
  await deps.limiter.take();
  try {
    await deps.messenger.update(reference, activityId, await deps.cards.channel(ticket));
    return true;
  } catch (err) {
    deps.logger.warn({ event: 'hr-card-not-updated', status: err instanceof SendError ? err.status : 0 }, 'ticket card not updated; its refresh will catch up');
    return false;
  }
}

export interface TicketDelivery {
  /** After a change: update the channel's card and send what was queued, in the background. */
  changed(ticket: Ticket): void;
  /** One pass now (tests), waiting for anything already running. */
  runNow(): Promise<DeliveryResult>;
  stop(): Promise<void>;
}

/** Runs a pass every `intervalMs` (0: only when kicked) and after every change. */
export function startTicketDelivery(deps: DeliveryDeps, intervalMs: number): TicketDelivery {
  const running = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };
  const pass = () =>
    track(
      deliverTicketCards(deps).catch((err: Error) => {
        deps.logger.warn({ event: 'hr-delivery-failed', err: err.message }, 'ticket delivery pass failed; will try again');
        return { sent: 0, retried: 0, parked: 0, failed: 0 };
      }),
    );
  let stopped = false;
  const timer = intervalMs > 0 ? setInterval(() => void pass(), intervalMs) : undefined;
  timer?.unref();
  return {
    changed(ticket) {
      if (stopped) return;
      void track(updateChannelCard(deps, ticket.id).catch(() => false)).then(() => pass());
    },
    async runNow() {
      await Promise.allSettled([...running]);
      return pass();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}
