import pg from 'pg';
import { createPool, migrate } from '@vehicle-tracker/db';
import { createLogger, createRegistry, loadConfig, onShutdown } from '@vehicle-tracker/service-kit';
import { createApp } from './app';
import { ensureOperatorsAtStart } from './auth/ensure-operator';
import { QUERY_SECRETS, QueryConfig } from './config';
import { pgChangeListener } from './stream/change-listener';
import { StreamHub } from './stream/hub';

async function main(): Promise<void> {
  const config = loadConfig(QueryConfig, process.env, QUERY_SECRETS);
  const logger = createLogger('query', config.LOG_LEVEL);
  if (config.OPERATOR_AUTH === 'off')
    logger.warn(
      'OPERATOR_AUTH=off: every read route is open, no sign-in is asked for (never on a shared network)',
    );
  if (config.MIGRATE_ON_START) await migrate(config.DATABASE_URL, (msg) => logger.info(msg));
  const db = createPool(config.DATABASE_URL, { max: config.DB_POOL_MAX, applicationName: 'query' }, (err) =>
    logger.warn({ err }, 'idle database connection failed'),
  );
  const listener = pgChangeListener(
    () => new pg.Client({ connectionString: config.DATABASE_URL, application_name: 'query-listen' }),
    logger,
  );
  const hub = new StreamHub({
    db,
    wake: listener,
    logger,
    keepaliveMs: config.SSE_KEEPALIVE_MS,
    pollMs: config.SSE_POLL_MS,
  });
  await hub.start();
  // Not ready until the configured operator can sign in: a sign-in right after start must not get a 401.
  let operatorEnsured = false;
  const stopEnsuring = ensureOperatorsAtStart({
    onEnsured: () => (operatorEnsured = true),
    db,
    logger,
    account:
      config.OPERATOR_USERNAME && config.OPERATOR_PASSWORD
        ? { username: config.OPERATOR_USERNAME, password: config.OPERATOR_PASSWORD }
        : undefined,
  });
  const app = createApp({
    db,
    hub,
    logger,
    registry: createRegistry('query'),
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
    ready: () => (operatorEnsured ? undefined : 'operator account not ensured yet'),
    auth: {
      required: config.OPERATOR_AUTH === 'on',
      sessionTtlSeconds: config.OPERATOR_SESSION_TTL,
      loginMaxFailures: config.OPERATOR_LOGIN_MAX_FAILURES,
      loginWindowSeconds: config.OPERATOR_LOGIN_WINDOW,
    },
  });
  const server = app.listen(config.PORT, config.HOST, () =>
    logger.info(
      {
        port: config.PORT,
        host: config.HOST,
        offlineAfter: config.OFFLINE_AFTER,
        operatorAuth: config.OPERATOR_AUTH,
      },
      'query service listening',
    ),
  );
  // Open streams never finish by themselves: end them as soon as the signal arrives, or server.close() waits.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void hub.stop());
  onShutdown({
    server,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    steps: [stopEnsuring, () => hub.stop(), () => db.end()],
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
