import type { OperatorSession } from '@vehicle-tracker/operator-auth';

interface Entry {
  session: OperatorSession;
  /** Trusted until then, unless the session expires earlier. */
  until: number;
}

/**
 * Sessions validated against the database recently, by token hash, so a busy dashboard costs one session query
 * per `ttlMs` instead of one per request. Bounded: the oldest entries go first when full.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached session, when it is still trusted and not expired. */
  get(tokenHash: string): OperatorSession | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    const now = this.now().getTime();
    if (now < entry.until && now < entry.session.expiresAt.getTime()) return entry.session;
    this.entries.delete(tokenHash);
    return undefined;
  }

  set(tokenHash: string, session: OperatorSession): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, { session, until: this.now().getTime() + this.ttlMs });
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  get size(): number {
    return this.entries.size;
  }
}
