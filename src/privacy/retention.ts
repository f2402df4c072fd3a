import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { HandledActivityStore } from '../store/handled-activities.js';
import type { PrivacyStore, RetentionResult } from '../store/privacy-store.js';

/**
 * Deletes question logs, unanswered question texts and feedback comments older
 * than the retention period, and blanks questions to HR closed before it. Safe to run from every instance at once: each pass
 * is one transaction of deletes by date, and a second pass finds nothing.
 * The same pass forgets which Teams activities were answered once they are a day old.
 */
export interface RetentionDeps {
  readonly privacy: Pick<PrivacyStore, 'deleteQuestionsBefore'>;
  readonly activities: Pick<HandledActivityStore, 'deleteHandledBefore'>;
  readonly retentionDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How long an answered activity's ids are kept to refuse a repeat. Bot Framework retries within
 * seconds and a captured request's token expires within the hour, so a day is ample; the rows
 * stay up to a day plus RETENTION_INTERVAL_MS.
 */
export const HANDLED_ACTIVITY_MS = DAY_MS;

export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export type RetentionPass = RetentionResult & { readonly handledActivities: number; readonly cutoff: string };

export async function applyRetention(deps: RetentionDeps, now: Date): Promise<RetentionPass> {
  const cutoff = retentionCutoff(now, deps.retentionDays);
  const questions = await deps.privacy.deleteQuestionsBefore(cutoff);
  const handledActivities = await deps.activities.deleteHandledBefore(new Date(now.getTime() - HANDLED_ACTIVITY_MS));
  return { ...questions, handledActivities, cutoff: cutoff.toISOString() };
}

export interface RetentionLoop {
  /** One pass now (tests and `lma retention run`). */
  runNow(): Promise<RetentionPass>;
  stop(): Promise<void>;
}

/** Runs a pass at start and every `intervalMs` (0: never on its own). A failed pass is logged and tried again next time. */
export function startRetentionLoop(deps: RetentionDeps, clock: Clock, logger: Logger, intervalMs: number): RetentionLoop {
  let running: Promise<unknown> | undefined;
  const pass = async () => {
    const result = await applyRetention(deps, clock.now());
    if (result.questions + result.unanswered + result.feedbackComments + result.hrTickets > 0) logger.info({ event: 'retention', ...result }, 'old question data deleted');
    else if (result.handledActivities > 0) logger.debug({ event: 'retention', ...result }, 'old answered-activity ids deleted');
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
