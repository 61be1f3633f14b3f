import { z } from 'zod';
import { BaseEnv, OfflineAfter } from '@vehicle-tracker/service-kit';

/** Every setting of the query service, parsed once from the environment at start. */
export const QueryConfig = BaseEnv.extend({
  /** The system default offline timeout; the projector applies it, here it is only shown as a default. */
  OFFLINE_AFTER: OfflineAfter,
  /** Interval of the `: keepalive` comment on open streams, so proxies do not close idle ones. */
  SSE_KEEPALIVE_MS: z.coerce.number().int().min(10).max(600_000).default(15_000),
  /** Fallback poll of status_changes, for a NOTIFY missed while the LISTEN connection was down. */
  SSE_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
});
export type QueryConfig = z.infer<typeof QueryConfig>;
