import type { Pool } from 'pg';
import { appendUnpositioned } from '@vehicle-tracker/event-store';
import { createRegistry, type Logger } from '@vehicle-tracker/service-kit';
import { createApp } from './app';
import type { HeartbeatConfig } from './config';
import { CredentialListener } from './db/credential-listener';
import { loadGatewayCredential, loadVehicleCredentials } from './db/credentials';
import { RateLimiter } from './domain/rate-limiter';
import { createClientLimit } from './http/client-limit';
import { CredentialCache } from './ingest/credential-cache';
import { GroupCommitter } from './ingest/group-commit';
import { HeartbeatIngest } from './ingest/heartbeat-ingest';
import { createIngestMetrics } from './ingest/metrics';

export type ServiceConfig = Omit<
  HeartbeatConfig,
  'PORT' | 'HOST' | 'LOG_LEVEL' | 'MIGRATE_ON_START' | 'DB_POOL_MAX' | 'SHUTDOWN_TIMEOUT_MS'
>;

/**
 * Builds the service around a pool: the request listener and the parts with a lifecycle (the group committer
 * to flush at shutdown, the credential listener). Tests and the benchmark build it the same way main does.
 */
export function createService(opts: { config: ServiceConfig; pool: Pool; logger: Logger; now?: () => Date }) {
  const { config, pool, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const registry = createRegistry('heartbeat');
  const metrics = createIngestMetrics(registry);
  const committer = new GroupCommitter({
    // Heartbeats take no stream position: no per-vehicle streams row to lock and bump (migration 0007).
    append: (events) => appendUnpositioned(pool, events),
    windowMs: config.GROUP_COMMIT_WINDOW_MS,
    maxBatch: config.GROUP_COMMIT_MAX_BATCH,
    concurrency: config.GROUP_COMMIT_CONCURRENCY,
    maxQueued: config.GROUP_COMMIT_MAX_BATCH * 20,
    onFlush: (size, seconds, ok) => {
      metrics.batchSize.observe(size);
      metrics.appendSeconds.observe({ outcome: ok ? 'committed' : 'failed' }, seconds);
    },
  });
  const credentials = new CredentialCache(
    {
      vehicles: (vins) => loadVehicleCredentials(pool, vins),
      gateway: (hash) => loadGatewayCredential(pool, hash),
    },
    { ttlMs: config.CREDENTIAL_CACHE_TTL_MS, now: Date.now, maxEntries: 500_000 },
  );
  const listener = new CredentialListener({
    url: config.DATABASE_URL,
    onChange: (key) => credentials.invalidate(key),
    onReset: () => credentials.invalidate('*'),
    logger,
  });
  const limiter = new RateLimiter({
    perMinute: config.HEARTBEAT_RATE_PER_MINUTE,
    burst: config.HEARTBEAT_RATE_BURST,
    now: Date.now,
  });
  const ingest = new HeartbeatIngest({
    committer,
    credentials,
    limiter,
    deviceAuth: config.HEARTBEAT_AUTH === 'on',
    metrics,
  });
  let ready = false;
  const app = createApp({
    pool,
    config,
    logger,
    registry,
    metrics,
    ingest,
    now,
    clientLimit: createClientLimit({
      perMinute: config.CLIENT_RATE_PER_MINUTE,
      burst: config.CLIENT_RATE_BURST,
      trustProxy: config.TRUST_PROXY,
    }),
    invalidate: (key) => credentials.invalidate(key),
    isReady: () => ready,
  });
  return {
    app,
    ingest,
    committer,
    credentials,
    registry,
    /** Marks migrations as applied and starts listening for credential changes. */
    start(): void {
      ready = true;
      listener.start();
    },
    /** Flushes the pending batch and stops the listener; the caller closes the pool afterwards. */
    async close(): Promise<void> {
      await committer.flush();
      await listener.close();
    },
  };
}
export type Service = ReturnType<typeof createService>;
