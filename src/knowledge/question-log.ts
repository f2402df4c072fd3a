import type { Logger } from '../logger.js';
import type { QuestionRecord, Store, UnansweredRecord } from '../store/store.js';

/**
 * The question log for HR analytics, kept off the request path: records are
 * buffered in memory and written in one transaction every `flushMs`. A crash
 * loses at most that much analytics; shutdown flushes what is left. If the
 * store is down, the batch is kept (up to `maxBuffered` records) and retried.
 */
export interface QuestionLog {
  recordQuestion(record: QuestionRecord): void;
  recordUnanswered(text: string, at: Date): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createQuestionLog(
  store: Pick<Store, 'saveQuestionLog'>,
  logger: Logger,
  options: { flushMs?: number; maxBuffered?: number } = {},
): QuestionLog {
  const flushMs = options.flushMs ?? 500;
  const maxBuffered = options.maxBuffered ?? 10000;
  let questions: QuestionRecord[] = [];
  let unanswered: UnansweredRecord[] = [];
  let running: Promise<void> | undefined;
  let dropped = 0;
  // While the store is down, timed flushes back off (doubling up to a minute) instead of failing every `flushMs`.
  let failures = 0;
  let retryAt = 0;

  const flush = async (): Promise<void> => {
    await running;
    if (questions.length === 0 && unanswered.length === 0) return;
    const batch = { questions, unanswered };
    questions = [];
    unanswered = [];
    running = store.saveQuestionLog(batch).then(
      () => {
        failures = 0;
      },
      (err: Error) => {
        failures++;
        const waitMs = Math.min(flushMs * 2 ** failures, 60_000);
        retryAt = Date.now() + waitMs;
        logger.warn({ err: err.message, records: batch.questions.length, retryInMs: waitMs }, 'question log not saved; will retry');
        // Put the batch back in front, within the memory bound.
        questions = [...batch.questions, ...questions].slice(-maxBuffered);
        unanswered = [...batch.unanswered, ...unanswered].slice(-maxBuffered);
      },
    );
    await running;
    running = undefined;
  };

  const timer = setInterval(() => {
    if (Date.now() >= retryAt) void flush();
  }, flushMs);
  timer.unref();

  const bounded = <T>(list: T[], item: T) => {
    if (list.length >= maxBuffered) {
      list.shift();
      if (dropped++ % 1000 === 0) logger.warn({ dropped }, 'question log buffer full; oldest records dropped');
    }
    list.push(item);
  };

  return {
    recordQuestion: (r) => bounded(questions, r),
    recordUnanswered: (text, at) => bounded(unanswered, { text, at }),
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
