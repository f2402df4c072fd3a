/** The clock is an edge like the store: core code asks it the time so tests can set it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (v) => (t = new Date(v).getTime()),
    advance: (ms) => (t += ms),
  };
}
