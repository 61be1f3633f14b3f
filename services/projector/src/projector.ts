import type { Queryable } from '@vehicle-tracker/service-kit';
import type { Logger } from 'pino';
import { LOCKS } from './db/leader-lock';
import { LIVE_SCHEMA } from './db/schema';
import { Leadership } from './projection/leadership';
import { Runner, type RunnerMetrics } from './projection/runner';
import { PROJECTION } from './projection/target';

export interface ProjectorOptions {
  databaseUrl: string;
  /** Reads of the log and status queries. */
  pool: Queryable;
  logger: Logger;
  replicaId: string;
  defaultTimeout: number;
  batchSize: number;
  maxBatchSize?: number;
  /** See RunnerDeps.memoryBudgetBytes. */
  memoryBudgetBytes?: number;
  pollMs: number;
  flipIntervalMs: number;
  standbyRetryMs: number;
  clock?: () => Date;
  metrics?: RunnerMetrics & { setActive?(active: boolean): void };
}

/** The live projector of one replica: elected by the advisory lock, then projecting into schema rm. */
export function createProjector(o: ProjectorOptions): Leadership {
  return new Leadership({
    databaseUrl: o.databaseUrl,
    replicaId: o.replicaId,
    lockKey: LOCKS.live,
    logger: o.logger,
    retryMs: o.standbyRetryMs,
    onActive: (active) => o.metrics?.setActive?.(active),
    createRunner: (client) =>
      new Runner({
        client,
        reader: o.pool,
        target: {
          schema: LIVE_SCHEMA,
          projection: PROJECTION,
          defaultTimeout: o.defaultTimeout,
          publish: true,
        },
        batchSize: o.batchSize,
        maxBatchSize: o.maxBatchSize,
        memoryBudgetBytes: o.memoryBudgetBytes,
        pollMs: o.pollMs,
        flipIntervalMs: o.flipIntervalMs,
        clock: o.clock ?? (() => new Date()),
        logger: o.logger,
        metrics: o.metrics,
      }),
  });
}
