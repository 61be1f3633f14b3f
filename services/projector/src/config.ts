import os from 'node:os';
import { z } from 'zod';
import { BaseEnv, OfflineAfter } from '@vehicle-tracker/service-kit';

export const ProjectorConfig = BaseEnv.extend({
  OFFLINE_AFTER: OfflineAfter,
  /**
   * Events of the first read. While reads come back full (behind), each next one is twice as large, up to
   * PROJECTOR_MAX_BATCH_SIZE: fewer rows written per event (one per vehicle and batch) and fewer transactions.
   */
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(20_000),
  PROJECTOR_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(250_000),
  /** Fallback poll when no NOTIFY arrives (NOTIFY wakes the projector at once). */
  PROJECTOR_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Minimum time between two deadline passes: how late an offline flip may be at most (plus the pass). */
  PROJECTOR_FLIP_INTERVAL_MS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** How often a standby replica retries the leader lock. */
  PROJECTOR_STANDBY_RETRY_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  REPLICA_ID: z
    .string()
    .min(1)
    .max(48)
    .default(() => `${os.hostname()}-${process.pid}`),
});
export type ProjectorConfig = z.infer<typeof ProjectorConfig>;
