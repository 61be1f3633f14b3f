import type { RequestListener } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import {
  healthRoutes,
  httpLogger,
  notFoundHandler,
  problemHandler,
  serviceUnavailable,
  storableBody,
  type Logger,
} from '@vehicle-tracker/service-kit';
import type { HeartbeatConfig } from './config';
import { customerRoutes } from './http/admin/customers';
import { gatewayRoutes } from './http/admin/gateways';
import { importRoutes } from './http/admin/import';
import { requireAdmin, requireJsonBody } from './http/admin/middleware';
import { vehicleRoutes } from './http/admin/vehicles';
import { clientLimitMiddleware, type ClientLimit } from './http/client-limit';
import { createFastPath } from './http/fast-path';
import { gatewayBatchRoutes } from './http/gateway-batch';
import type { HeartbeatIngest } from './ingest/heartbeat-ingest';
import type { IngestMetrics } from './ingest/metrics';
import { operatorRoutes } from './operators/operator-routes';

export interface AppDeps {
  pool: Pool;
  config: Pick<
    HeartbeatConfig,
    'ADMIN_TOKEN' | 'BODY_LIMIT' | 'BATCH_BODY_LIMIT' | 'IMPORT_BODY_LIMIT' | 'TRUST_PROXY'
  >;
  logger: Logger;
  registry: Registry;
  metrics: IngestMetrics;
  ingest: HeartbeatIngest;
  now: () => Date;
  /** Requests per client address, checked first on every route that takes input (see createClientLimit). */
  clientLimit: ClientLimit;
  /** Forgets a cached credential at once after this replica changed it. */
  invalidate: (key: string) => void;
  /** False until migrations are applied (the database may be down at start): the API answers 503 meanwhile. */
  isReady: () => boolean;
}

/**
 * The service's request listener: single heartbeats, the legacy routes and ping on a plain node:http fast path;
 * everything else (admin API, gateway batches, health, metrics) through express. Not listening: main does that.
 */
export function createApp(deps: AppDeps): RequestListener {
  const api = express();
  api.disable('x-powered-by');
  api.set('etag', false);
  // req.ip in the request logs: the address the client limit counts (see clientAddressResolver).
  api.set('trust proxy', deps.config.TRUST_PROXY);
  api.use(helmet());
  api.use(httpLogger(deps.logger));
  api.use(
    healthRoutes({
      db: deps.pool,
      registry: deps.registry,
      ready: () => (deps.isReady() ? undefined : 'starting: migrations not applied yet'),
    }),
  );
  api.use(
    '/api',
    (_req, res, next) => {
      // API answers name vehicles, admin ones carry tokens: no cache or proxy keeps them.
      res.set('Cache-Control', 'no-store');
      next();
    },
    // Before the readiness check, authentication, body parsing and any database work.
    clientLimitMiddleware(deps.clientLimit),
    (_req, _res, next) => {
      if (!deps.isReady()) throw serviceUnavailable(5, 'starting: migrations not applied yet');
      next();
    },
  );
  api.use(gatewayBatchRoutes({ ...deps, bodyLimit: deps.config.BATCH_BODY_LIMIT }));

  const registryDeps = { pool: deps.pool, invalidate: deps.invalidate };
  const admin = express.Router();
  admin.use(requireAdmin(deps.config.ADMIN_TOKEN));
  admin.use(importRoutes(registryDeps, deps.config.IMPORT_BODY_LIMIT));
  admin.use(requireJsonBody, express.json({ limit: deps.config.BODY_LIMIT }), storableBody);
  admin.use('/customers', customerRoutes(registryDeps));
  admin.use('/vehicles', vehicleRoutes(registryDeps));
  admin.use('/gateways', gatewayRoutes(registryDeps));
  admin.use('/operators', operatorRoutes(deps.pool));
  api.use('/api/v1/admin', admin);

  api.use(notFoundHandler);
  api.use(problemHandler(deps.logger));
  return createFastPath({ ...deps, bodyLimit: deps.config.BODY_LIMIT }, api);
}
