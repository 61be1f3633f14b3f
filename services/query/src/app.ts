import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import {
  healthRoutes,
  httpLogger,
  notFoundHandler,
  problemHandler,
  type Logger,
  type Queryable,
} from '@vehicle-tracker/service-kit';
import { SESSION_CACHE_MS, type AuthOptions } from './auth/auth-options';
import { authRoutes } from './auth/auth-routes';
import { operatorSessions } from './auth/operator-sessions';
import { requireOperator } from './auth/require-operator';
import { customerRoutes } from './http/customers-routes';
import { queryMetrics } from './http/metrics';
import { openApiRoutes } from './http/openapi-routes';
import { seedPingRoutes, seedSearchRoutes } from './http/seed-search-routes';
import { streamRoutes } from './http/stream-routes';
import { vehicleRoutes } from './http/vehicle-routes';
import { vehicleListRoutes } from './http/vehicles-routes';
import { corsFor } from './http/cors';
import type { StreamHub } from './stream/hub';

export interface AppDeps {
  db: Queryable;
  hub: StreamHub;
  logger: Logger;
  registry: Registry;
  /** Operator sign-in; required so no caller gets an open API by leaving it out. */
  auth: AuthOptions;
  /** Express `trust proxy` (TRUST_PROXY): decides req.ip and req.protocol behind a proxy. */
  trustProxy?: boolean | number | string;
  /** Origins allowed to read cross-origin (CORS_ORIGINS); none by default. */
  corsOrigins?: string[];
  /** Why the service is not ready yet beyond database and migrations (e.g. the operator account), if so. */
  ready?: () => string | undefined;
  now?: () => Date;
}

/** The query service's HTTP app (no listen): read-only JSON, the seed's search, and the SSE stream. */
export function createApp(deps: AppDeps): Express {
  const { db, hub, logger, registry, auth, now = () => new Date() } = deps;
  const sessions = operatorSessions(db, {
    ttlSeconds: auth.sessionTtlSeconds,
    cacheMs: auth.sessionCacheMs ?? SESSION_CACHE_MS,
    now,
  });
  const app = express();
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(helmet());
  if (deps.corsOrigins?.length) app.use(corsFor(deps.corsOrigins));
  app.use(httpLogger(logger));
  app.use(queryMetrics(registry, hub));
  // Open routes.
  app.use(healthRoutes({ db, registry, ready: deps.ready }));
  app.use(openApiRoutes());
  app.use(seedPingRoutes());
  app.use(authRoutes({ db, auth, sessions, logger }));
  // Everything below needs an operator session (unknown paths too: 401 before 404 when signed out).
  app.use(requireOperator(auth.required, sessions));
  app.use(vehicleListRoutes(db));
  app.use(vehicleRoutes(db, now));
  app.use(customerRoutes(db));
  app.use(streamRoutes(hub));
  app.use(seedSearchRoutes(db));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
