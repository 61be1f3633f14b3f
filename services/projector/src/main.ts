import { createPool, migrate } from '@vehicle-tracker/db';
import {
  ConfigError,
  createLogger,
  createRegistry,
  loadConfig,
  onShutdown,
} from '@vehicle-tracker/service-kit';
import { createApp } from './app';
import { ProjectorConfig } from './config';
import { headPosition } from './db/status';
import { projectorMetrics } from './metrics';
import { createProjector } from './projector';

/** The projector service: health and metrics over HTTP, the projection loop (active or standby) in the background. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(ProjectorConfig, env);
  const logger = createLogger('projector', config.LOG_LEVEL);
  if (config.MIGRATE_ON_START) await migrate(config.DATABASE_URL, (msg) => logger.debug(msg));
  const pool = createPool(config.DATABASE_URL, { max: 4, applicationName: 'vt-projector-reader' }, (err) =>
    logger.warn({ err }, 'idle database connection failed'),
  );
  const registry = createRegistry('projector');
  const projector = createProjector({
    databaseUrl: config.DATABASE_URL,
    pool,
    logger,
    replicaId: config.REPLICA_ID,
    defaultTimeout: config.OFFLINE_AFTER,
    batchSize: config.PROJECTOR_BATCH_SIZE,
    maxBatchSize: config.PROJECTOR_MAX_BATCH_SIZE,
    memoryBudgetBytes: config.PROJECTOR_MEMORY_BUDGET_MB * 2 ** 20,
    pollMs: config.PROJECTOR_POLL_MS,
    flipIntervalMs: config.PROJECTOR_FLIP_INTERVAL_MS,
    standbyRetryMs: config.PROJECTOR_STANDBY_RETRY_MS,
    metrics: projectorMetrics(registry, async () =>
      Math.max(0, (await headPosition(pool)) - (projector.position?.globalPosition ?? 0)),
    ),
  });
  const app = createApp({
    db: pool,
    registry,
    logger,
    replicaId: config.REPLICA_ID,
    isActive: () => projector.active,
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    logger.info(
      { port: typeof address === 'object' ? address?.port : address, replica: config.REPLICA_ID },
      'listening',
    );
  });
  const running = projector.run();
  onShutdown({
    server,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [
      async () => {
        projector.stop();
        await running;
      },
      () => pool.end(),
    ],
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
}
