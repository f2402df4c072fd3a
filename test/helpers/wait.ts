import { mock } from 'node:test';

/**
 * Waiting in tests: for the thing itself, never for a fixed time. CI is a busy two-core machine,
 * so a result that depends on how fast it runs is a flaky result.
 */

/**
 * Resolves with `check`'s first truthy answer, asking again after each short pause. The deadline only
 * ends a wait for something that is never going to happen; nothing is decided by how soon it came.
 */
export async function until<T>(check: () => T | Promise<T>, what: string, deadlineMs = 120_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`still waiting, after ${deadlineMs / 1000} s, for ${what}`);
    await new Promise((r) => setTimeout(r, 20).unref());
  }
}

/** Lets promise callbacks and already-due I/O run (one turn of the event loop). */
export const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Fake setTimeout/setInterval (Node's own mock timers) for code that schedules its own work: time moves
 * only when the test calls `tick`, so "every 20 ms" and "never again after stop" are exact.
 * Always `restore()` (in a finally or afterEach).
 */
export function fakeTimers() {
  mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  return {
    /** Moves fake time on by `ms`, runs the timers that fell due, then lets the work they started finish. */
    async tick(ms: number) {
      mock.timers.tick(ms);
      for (let i = 0; i < 5; i++) await settle();
    },
    restore: () => mock.timers.reset(),
  };
}
