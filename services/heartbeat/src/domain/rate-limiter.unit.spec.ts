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

describe('RateLimiter memory', () => {
  it('drops idle buckets in least-recently-used order, keeping the recently used ones', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 2, now: () => now }); // full again after 2 s
    limiter.take('A');
    now = 1000;
    limiter.take('B');
    now = 1500;
    limiter.take('A'); // A is now the most recent
    now = 3200; // B idle 2.2 s, A 1.7 s
    limiter.take('C');
    // B went although it came after A in the map: A's use moved it to the end (A and C are left).
    expect(limiter.size).toBe(2);
  });

  it('never holds more than maxEntries buckets; the least recently used one goes first', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 1, burst: 1, now: () => now, maxEntries: 3 });
    for (const key of ['A', 'B', 'C']) expect(limiter.take(key).ok).toBe(true);
    now += 10;
    expect(limiter.take('A').ok).toBe(false); // A used again: B is the least recent
    for (let i = 0; i < 1000; i++) limiter.take(`spray-${i}`);
    expect(limiter.size).toBe(3);
    // Evicted keys start again with a full bucket: the cap never refuses more than the limit would.
    expect(limiter.take('B').ok).toBe(true);
  });
});
