import { expect } from 'chai';
import { createUserRateLimit } from '../src/user-rate-limit.js';

describe('per-person rate limit', () => {
  it('allows perMinute at once, then refuses with the seconds until the next one, and refills with time', () => {
    let t = 0;
    const limit = createUserRateLimit(6, () => t); // one every 10 s
    for (let i = 0; i < 6; i++) expect(limit.take('a').ok).to.equal(true);
    expect(limit.take('a')).to.deep.equal({ ok: false, retryAfterSeconds: 10 });
    expect(limit.take('b').ok, 'each person has their own bucket').to.equal(true);
    t = 4_000;
    expect(limit.take('a')).to.deep.equal({ ok: false, retryAfterSeconds: 6 });
    t = 10_000;
    expect(limit.take('a').ok).to.equal(true);
    expect(limit.take('a').ok).to.equal(false);
  });

  it('0 means no limit', () => {
    const limit = createUserRateLimit(0);
    for (let i = 0; i < 1000; i++) expect(limit.take('a').ok).to.equal(true);
  });

  it('forgetting full buckets (to bound memory) never changes a decision', () => {
    let t = 0;
    const limit = createUserRateLimit(60, () => t);
    for (let i = 0; i < 20_000; i++) limit.take(`user-${i}`);
    t = 120_000; // everyone has refilled; the next sweep drops them all
    for (let i = 0; i < 20_000; i++) limit.take(`later-${i}`);
    // A person seen long ago starts again with a full bucket, exactly as if remembered.
    for (let i = 0; i < 60; i++) expect(limit.take('user-1').ok).to.equal(true);
    expect(limit.take('user-1').ok).to.equal(false);
  });
});
