import type { Steps } from '../../src/steps.js';

/** Runs work written as steps to the end: how many times it paused, and what it built. */
export function runCountingPauses<T>(steps: Steps<T>): { pauses: number; value: T } {
  let pauses = 0;
  for (;;) {
    const next = steps.next();
    if (next.done) return { pauses, value: next.value };
    pauses++;
  }
}
