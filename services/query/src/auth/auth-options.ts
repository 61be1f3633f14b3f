/** How the app authenticates operators; main builds it from the OPERATOR_* settings. */
export interface AuthOptions {
  /** OPERATOR_AUTH: false opens every read route (GET /api/v1/auth/session says authRequired: false). */
  required: boolean;
  /** OPERATOR_SESSION_TTL in seconds. */
  sessionTtlSeconds: number;
  /** Failed sign-ins per client address per window before 429. */
  loginMaxFailures: number;
  loginWindowSeconds: number;
  /**
   * How long a validated session is trusted from memory (default 10 s): the price of not querying on every
   * request is that a sign-out or password change made through another replica takes up to this long here.
   */
  sessionCacheMs?: number;
}

export const SESSION_CACHE_MS = 10_000;
