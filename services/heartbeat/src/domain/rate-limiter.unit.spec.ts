import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows the burst, then refuses with the seconds until the next token, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 30, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('A').ok)).toEqual([true, true, true]);
    expect(limiter.take('A')).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(limiter.take('B').ok).toBe(true);
    now += 2000;
    expect(limiter.take('A').ok).toBe(true);
    expect(limiter.take('A').ok).toBe(false);
  });

  it('gives a refunded token back and forgets full buckets', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 1, now: () => now });
    expect(limiter.take('A').ok).toBe(true);
    limiter.refund('A');
    expect(limiter.take('A').ok).toBe(true);
    now += 60_000;
    limiter.take('B');
    expect(limiter.size).toBe(1);
  });
});
