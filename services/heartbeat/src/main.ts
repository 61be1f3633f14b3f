import { createServer } from 'node:http';
import { createPool, migrate } from '@vehicle-tracker/db';
import { ConfigError, createLogger, onShutdown } from '@vehicle-tracker/service-kit';
import { loadConfig, type HeartbeatConfig } from './config';
import { createService } from './service';

function configOrExit(): HeartbeatConfig {
  try {
    return loadConfig(process.env);
  } catch (err) {
    console.error(`heartbeat: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
}

/** Migrations with backoff: the service is up (503 on the API, /readyz failing) until the database is there. */
async function migrateWithRetry(
  url: string,
  logger: ReturnType<typeof createLogger>,
  stopped: () => boolean,
) {
  for (let delay = 500; !stopped(); delay = Math.min(delay * 2, 5_000)) {
    try {
      const applied = await migrate(url, (m) => logger.debug(m));
      logger.info({ applied }, applied.length ? 'migrations applied' : 'migrations up to date');
      return true;
    } catch (err) {
      logger.warn({ err: (err as Error).message, retryInMs: delay }, 'cannot migrate yet; retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  return false;
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger('heartbeat', config.LOG_LEVEL);
  if (config.HEARTBEAT_AUTH === 'off')
    logger.warn('HEARTBEAT_AUTH=off: device heartbeats are accepted without a token (legacy fleets only)');
  const pool = createPool(
    config.DATABASE_URL,
    { max: config.DB_POOL_MAX, applicationName: 'heartbeat' },
    (err) => logger.warn({ err: err.message }, 'database connection lost'),
  );
  const service = createService({ config, pool, logger });
  const server = createServer({ keepAliveTimeout: 65_000 }, service.app);
  let stopping = false;
  // server.close() drops idle keep-alive connections once; connections that finish a request later would stay
  // open until keepAliveTimeout and hold the shutdown, so keep dropping them as they become idle.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => void setInterval(() => server.closeIdleConnections(), 50).unref());
  onShutdown({
    server,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [() => void (stopping = true), () => service.close(), () => pool.end()],
  });
  server.listen(config.PORT, config.HOST, () =>
    logger.info({ port: config.PORT, host: config.HOST }, 'listening'),
  );
  if (!config.MIGRATE_ON_START || (await migrateWithRetry(config.DATABASE_URL, logger, () => stopping)))
    service.start();
}

void main();
