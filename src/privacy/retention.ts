import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { PrivacyStore, RetentionResult } from '../store/privacy-store.js';

/**
 * Deletes question logs, unanswered question texts and feedback comments older
 * than the retention period, and blanks questions to HR closed before it. Safe to run from every instance at once: each pass
 * is one transaction of deletes by date, and a second pass finds nothing.
 */
export interface RetentionDeps {
  readonly privacy: Pick<PrivacyStore, 'deleteQuestionsBefore'>;
  readonly retentionDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export async function applyRetention(deps: RetentionDeps, now: Date): Promise<RetentionResult & { cutoff: string }> {
  const cutoff = retentionCutoff(now, deps.retentionDays);
  return { ...(await deps.privacy.deleteQuestionsBefore(cutoff)), cutoff: cutoff.toISOString() };
}

export interface RetentionLoop {
  /** One pass now (tests and `lma retention run`). */
  runNow(): Promise<RetentionResult & { cutoff: string }>;
  stop(): Promise<void>;
}

/** Runs a pass at start and every `intervalMs` (0: never on its own). A failed pass is logged and tried again next time. */
export function startRetentionLoop(deps: RetentionDeps, clock: Clock, logger: Logger, intervalMs: number): RetentionLoop {
  let running: Promise<unknown> | undefined;
  const pass = async () => {
    const result = await applyRetention(deps, clock.now());
    if (result.questions + result.unanswered + result.feedbackComments + result.hrTickets > 0) logger.info({ event: 'retention', ...result }, 'old question data deleted');
    return result;
  };
  const tick = () => {
    running ??= pass()
      .catch((err: Error) => logger.warn({ event: 'retention-failed', err: err.message }, 'retention pass failed; will try again'))
      .finally(() => (running = undefined));
  };
  let timer: NodeJS.Timeout | undefined;
  if (intervalMs > 0) {
    tick();
    timer = setInterval(tick, intervalMs);
    timer.unref();
  }
  return {
    runNow: pass,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
