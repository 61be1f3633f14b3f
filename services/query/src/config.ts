import { z } from 'zod';
import { OperatorPassword, OperatorUsername } from '@vehicle-tracker/contracts';
import { BaseEnv, OfflineAfter, TrustProxy } from '@vehicle-tracker/service-kit';

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Every setting of the query service, parsed once from the environment at start. */
export const QueryConfig = BaseEnv.extend({
  /** The system default offline timeout; the projector applies it, here it is only shown as a default. */
  OFFLINE_AFTER: OfflineAfter,
  /** Interval of the `: keepalive` comment on open streams, so proxies do not close idle ones. */
  SSE_KEEPALIVE_MS: z.coerce.number().int().min(10).max(600_000).default(15_000),
  /** Fallback poll of status_changes, for a NOTIFY missed while the LISTEN connection was down. */
  SSE_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** off: every read route is open (a warning is logged at start). */
  OPERATOR_AUTH: z.enum(['on', 'off']).default('on'),
  /** Seconds a session lasts after sign-in. */
  OPERATOR_SESSION_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 24 * 3600)
    .default(43_200),
  /** With OPERATOR_PASSWORD(_FILE): an account ensured at start (created, or its password reset). */
  OPERATOR_USERNAME: OperatorUsername.optional(),
  OPERATOR_PASSWORD: OperatorPassword.optional(),
  /** Failed sign-ins a client address may make per window before 429 (per replica). */
  OPERATOR_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  OPERATOR_LOGIN_WINDOW: z.coerce.number().int().min(1).max(86_400).default(900),
  TRUST_PROXY: TrustProxy,
  /**
   * CORS is closed by default (no CORS headers: browsers refuse cross-origin reads). A dashboard served from
   * another origin is let in by listing it: exact origins, comma-separated (`https://fleet.example.com`).
   */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().refine(isOrigin, 'an origin only: http(s)://host[:port]'))),
}).refine((c) => (c.OPERATOR_USERNAME === undefined) === (c.OPERATOR_PASSWORD === undefined), {
  message: 'set OPERATOR_USERNAME and OPERATOR_PASSWORD (or OPERATOR_PASSWORD_FILE) together',
  path: ['OPERATOR_USERNAME'],
});
export type QueryConfig = z.infer<typeof QueryConfig>;

/** Keys that may also come from NAME_FILE (Docker secrets); passed to loadConfig. */
export const QUERY_SECRETS = ['DATABASE_URL', 'OPERATOR_PASSWORD'] as const;
