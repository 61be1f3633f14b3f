import os from 'node:os';
import v8 from 'node:v8';
import { z } from 'zod';
import { BaseEnv, OfflineAfter } from '@vehicle-tracker/service-kit';

/**
 * The default memory budget, MB: 60% of the memory the process may have (the container's limit, from the cgroup,
 * else the machine's), and no more than 75% of V8's heap limit. Under the stack's 512M limit: 307.
 */
export function defaultMemoryBudgetMb(): number {
  const total = os.totalmem();
  const constrained = process.constrainedMemory?.() ?? 0;
  const limit = constrained > 0 && constrained < total ? constrained : total;
  const heap = v8.getHeapStatistics().heap_size_limit;
  return Math.max(64, Math.floor(Math.min(limit * 0.6, heap * 0.75) / 2 ** 20));
}

export const ProjectorConfig = BaseEnv.extend({
  OFFLINE_AFTER: OfflineAfter,
  /**
   * Events of the first read. While reads come back full (behind), each next one is twice as large, up to
   * PROJECTOR_MAX_BATCH_SIZE: fewer rows written per event (one per vehicle and batch) and fewer transactions.
   */
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(20_000),
  PROJECTOR_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(250_000),
  /**
   * Working memory (MB) of the catch-up batches in flight and the fleet cache. Batches stop growing, and shrink,
   * by weight as well as by count (a registration weighs fifteen heartbeats) and when the process's RSS nears it;
   * the cache keeps the rows its share holds. Default: see defaultMemoryBudgetMb.
   */
  PROJECTOR_MEMORY_BUDGET_MB: z.coerce
    .number()
    .int()
    .min(64)
    .max(1_048_576)
    .default(() => defaultMemoryBudgetMb()),
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
