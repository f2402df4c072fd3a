import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Per-person limits on questions in chat (the API has its own in
 * http/api-routes.ts): `perMinute` a minute per key, 0 for no limit.
 */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface UserRateLimit {
  take(key: string): Promise<RateDecision>;
}

export function createUserRateLimit(perMinute: number): UserRateLimit {
  if (perMinute <= 0) return { take: async () => ({ ok: true }) };
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return { ok: true };
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      }
    },
  };
}
