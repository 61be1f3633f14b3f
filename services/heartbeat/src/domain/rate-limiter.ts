export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-key token bucket: `burst` heartbeats back to back, refilled at `perMinute`. In memory, per replica: it
 * protects the log from a flooding device, it is not a quota. Full buckets are forgotten, so memory follows the
 * number of recently active keys.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private nextSweep = 0;

  constructor(private readonly opts: { perMinute: number; burst: number; now: () => number }) {
    this.perMs = opts.perMinute / 60_000;
  }

  take(key: string): RateDecision {
    const now = this.opts.now();
    this.sweep(now);
    const b = this.buckets.get(key) ?? { tokens: this.opts.burst, at: now };
    b.tokens = Math.min(this.opts.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)) };
  }

  /** Gives back a token taken for a heartbeat that was then not recorded (e.g. the database was down). */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.opts.burst, b.tokens + 1);
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    const fullAfterMs = this.opts.burst / this.perMs;
    for (const [key, b] of this.buckets) if (now - b.at >= fullAfterMs) this.buckets.delete(key);
    this.nextSweep = now + Math.min(fullAfterMs, 60_000);
  }
}
