export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiterOptions {
  /** Sustained rate: tokens added per minute. */
  perMinute: number;
  /** Bucket size: requests allowed back to back. */
  burst: number;
  now: () => number;
  /**
   * At most this many buckets (default: no cap). Beyond it the least recently used tenth is dropped, which only
   * ever gives those keys a full bucket again: the cap bounds memory against a spray of keys, never refuses more.
   */
  maxEntries?: number;
}

/**
 * Per-key token bucket: `burst` requests back to back, refilled at `perMinute`. In memory, per replica: it
 * protects the service from a flooding key (a vehicle, a client address), it is not a quota. Buckets are kept
 * in least-recently-used order, so the idle ones (refilled, nothing to remember) sit at the head of the map and
 * a sweep (at most once a second) drops them from there; memory follows the recently active keys.
 * The head is only ever visited in bulk: a Map iterator starts by skipping the holes deleted keys left there
 * until the table is rehashed, so visiting it per request costs up to the map's size (measured: 78 µs a
 * request under a spray of new addresses when the cap evicted one key per insert).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly fullAfterMs: number;
  private readonly maxEntries: number;
  private nextSweep = 0;

  constructor(private readonly opts: RateLimiterOptions) {
    this.perMs = opts.perMinute / 60_000;
    this.fullAfterMs = opts.burst / this.perMs;
    this.maxEntries = opts.maxEntries ?? Infinity;
  }

  take(key: string): RateDecision {
    const now = this.opts.now();
    if (now >= this.nextSweep) this.dropIdle(now);
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.opts.burst, b.tokens + (now - b.at) * this.perMs);
      // Re-inserted so the map stays ordered by last use (delete + set moves the key to the end).
      this.buckets.delete(key);
    } else {
      b = { tokens: this.opts.burst, at: now };
      if (this.buckets.size >= this.maxEntries) this.dropOldest(Math.ceil(this.maxEntries / 10));
    }
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  /** Gives back a token taken for a request that was then not served (e.g. the database was down). */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.opts.burst, b.tokens + 1);
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Drops buckets unused for long enough to be full again, oldest first; stops at the first recent one. */
  private dropIdle(now: number): void {
    this.nextSweep = now + Math.min(this.fullAfterMs, 1000);
    for (const [key, b] of this.buckets) {
      if (now - b.at < this.fullAfterMs) return;
      this.buckets.delete(key);
    }
  }

  /** Drops the `n` least recently used buckets: in bulk, so a spray of new keys costs O(1) a key. */
  private dropOldest(n: number): void {
    for (const key of this.buckets.keys()) {
      if (n-- <= 0) return;
      this.buckets.delete(key);
    }
  }
}
