import type { Logger } from '../logger.js';
import { dispatchOnce, type DispatchDeps, type DispatchResult } from './dispatcher.js';

export interface PassSummary extends DispatchResult {
  planned: number;
}

export interface DispatcherLoop {
  /** Runs a pass now (tests, the CLI) and resolves with what it did. */
  runNow(): Promise<PassSummary>;
  /** Plans only (no sending): what `lma nudges due` needs. */
  planNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs planning and dispatch passes every `intervalMs`, draining everything
 * due before sleeping. When the store fails it backs off (up to 5 minutes)
 * and carries on; nothing is lost because nudges stay in the store.
 */
export function startDispatcherLoop(
  deps: DispatchDeps & { plan(now: Date): Promise<number> },
  logger: Logger,
  intervalMs: number,
): DispatcherLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let delay = intervalMs;

  const pass = async (): Promise<PassSummary> => {
    const summary: PassSummary = { planned: 0, sent: 0, retried: 0, parked: 0, failed: 0, released: 0, deferred: 0 };
    try {
      summary.planned = await deps.plan(deps.clock.now());
      if (summary.planned) logger.info({ planned: summary.planned }, 'nudges planned');
      for (;;) {
        const r = await dispatchOnce(deps, () => !stopped);
        if (r.claimed) logger.info({ sent: r.sent, retried: r.retried, parked: r.parked, failed: r.failed, released: r.released, deferred: r.deferred }, 'nudges dispatched');
        for (const k of ['sent', 'retried', 'parked', 'failed', 'released', 'deferred'] as const) summary[k] += r[k];
        if ((r.claimed < (deps.options?.batchSize ?? 200) && !r.released) || stopped) break;
      }
      delay = intervalMs;
    } catch (err) {
      // Capped at a minute: after a long database outage, nudges resume within a minute of its return.
      delay = Math.min(delay * 2, 60_000);
      logger.warn({ err: (err as Error).message, retryInMs: delay }, 'dispatch pass failed; backing off');
    }
    return summary;
  };

  const schedule = () => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      running = pass().then(() => undefined).finally(() => {
        running = undefined;
        schedule();
      });
    }, delay);
    timer.unref();
  };
  schedule();

  return {
    async runNow() {
      await running;
      return pass();
    },
    async planNow() {
      await running;
      return deps.plan(deps.clock.now());
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
