import { z } from 'zod';
import { BaseEnv, TrustProxy, loadConfig as load } from '@vehicle-tracker/service-kit';
import { compileTrust } from './http/client-address';

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** TRUST_PROXY, refused at start when the fast path's address rule cannot compile it. */
const TrustProxySetting = TrustProxy.superRefine((v, ctx) => {
  try {
    compileTrust(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

/** Every setting of the heartbeat service, from the environment, parsed once at start. */
export const HeartbeatEnv = BaseEnv.extend({
  ADMIN_TOKEN: z
    .string({ error: 'ADMIN_TOKEN (or ADMIN_TOKEN_FILE) is required' })
    .min(16, 'ADMIN_TOKEN must be at least 16 characters'),
  /** off: legacy fleets without device tokens (a warning is logged at start). Gateways always authenticate. */
  HEARTBEAT_AUTH: z.enum(['on', 'off']).default('on'),
  /** Per-vehicle sustained rate (token bucket refill); vehicles normally send one a minute. */
  HEARTBEAT_RATE_PER_MINUTE: int(1, 1_000_000, 30),
  /** Bucket size: heartbeats a vehicle may send back to back (reconnect bursts, retries). */
  HEARTBEAT_RATE_BURST: int(1, 1_000_000, 10),
  /**
   * Requests per client address on every route that takes input (0: off). Far above what a gateway or a depot
   * of hundreds of vehicles behind one NAT address sends; it stops one address flooding the service.
   */
  CLIENT_RATE_PER_MINUTE: int(0, 1_000_000_000, 6000),
  CLIENT_RATE_BURST: int(1, 1_000_000_000, 1000),
  TRUST_PROXY: TrustProxySetting,
  GROUP_COMMIT_WINDOW_MS: int(0, 1000, 1),
  GROUP_COMMIT_MAX_BATCH: int(1, 10_000, 1000),
  /** Appends in flight at once; the rest of the pool stays free for auth lookups and the admin API. */
  GROUP_COMMIT_CONCURRENCY: int(1, 64, 4),
  /** Body limits in bytes: single heartbeat and admin JSON, gateway batches, fleet import files. */
  BODY_LIMIT: int(256, 1 << 20, 16 * 1024),
  BATCH_BODY_LIMIT: int(1024, 64 << 20, 1 << 20),
  IMPORT_BODY_LIMIT: int(1024, 256 << 20, 10 << 20),
  /** Upper bound for a cached credential; changes are pushed earlier by LISTEN credentials_changed. */
  CREDENTIAL_CACHE_TTL_MS: int(0, 3_600_000, 60_000),
});
export type HeartbeatConfig = z.infer<typeof HeartbeatEnv>;

/** Parses the environment; throws ConfigError naming every bad key. */
export function loadConfig(env: NodeJS.ProcessEnv): HeartbeatConfig {
  return load(HeartbeatEnv, env, ['DATABASE_URL', 'ADMIN_TOKEN']);
}
