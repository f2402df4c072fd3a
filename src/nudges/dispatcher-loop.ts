import type { Logger } from '../logger.js';
import { dispatchOnce, type DispatchDeps } from './dispatcher.js';

export interface DispatcherLoop {
  /** Runs a pass now (tests, and after a roster import) and resolves when it is done. */
  runNow(): Promise<void>;
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

  const pass = async () => {
    try {
      const planned = await deps.plan(deps.clock.now());
      if (planned) logger.info({ planned }, 'nudges planned');
      for (;;) {
        const r = await dispatchOnce(deps);
        if (r.claimed) logger.info({ sent: r.sent, retried: r.retried, parked: r.parked, failed: r.failed }, 'nudges dispatched');
        if (r.claimed < (deps.options?.batchSize ?? 200) || stopped) break;
      }
      delay = intervalMs;
    } catch (err) {
      delay = Math.min(delay * 2, 300_000);
      logger.warn({ err: (err as Error).message, retryInMs: delay }, 'dispatch pass failed; backing off');
    }
  };

  const schedule = () => {
    if (stopped || intervalMs <= 0) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
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
      await pass();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
