/**
 * Per-person rate limits (questions in chat, calls to the API): a token bucket
 * per key that holds `perMinute` and refills continuously. Memory stays bounded:
 * buckets that have refilled completely carry no information and are dropped.
 */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface UserRateLimit {
  take(key: string): RateDecision;
}

const SWEEP_AT = 10_000;

export function createUserRateLimit(perMinute: number, now: () => number = Date.now): UserRateLimit {
  if (perMinute <= 0) return { take: () => ({ ok: true }) };
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  // Sweeps happen when the map doubles past what the last sweep left, so their cost is spread thin.
  let sweepAt = SWEEP_AT;
  const level = (b: { tokens: number; at: number }, t: number) => Math.min(perMinute, b.tokens + (t - b.at) * perMs);
  return {
    take(key) {
      const t = now();
      if (buckets.size >= sweepAt) {
        for (const [k, b] of buckets) if (level(b, t) >= perMinute) buckets.delete(k);
        sweepAt = Math.max(SWEEP_AT, buckets.size * 2);
      }
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      const tokens = level(bucket, t);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: t });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
      }
      buckets.set(key, { tokens: tokens - 1, at: t });
      return { ok: true };
    },
  };
}
