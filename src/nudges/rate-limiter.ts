/**
 * Spaces sends evenly at `perSecond` (0 = no cap). Teams allows about 50
 * messages a second per tenant; the default stays well under that.
 */
export interface RateLimiter {
  take(): Promise<void>;
  /** Holds every sender back until `until` (a 429's Retry-After). */
  pauseUntil(until: number): void;
}

export function createRateLimiter(
  perSecond: number,
  now: () => number = Date.now,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): RateLimiter {
  const interval = perSecond > 0 ? 1000 / perSecond : 0;
  let next = 0;
  return {
    async take() {
      const t = now();
      const slot = Math.max(t, next);
      next = slot + interval;
      if (slot > t) await sleep(slot - t);
    },
    pauseUntil(until) {
      next = Math.max(next, until);
    },
  };
}
