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
import { customerRoutes } from './http/customers-routes';
import { queryMetrics } from './http/metrics';
import { openApiRoutes } from './http/openapi-routes';
import { seedSearchRoutes } from './http/seed-search-routes';
import { streamRoutes } from './http/stream-routes';
import { vehicleRoutes } from './http/vehicle-routes';
import { vehicleListRoutes } from './http/vehicles-routes';
import type { StreamHub } from './stream/hub';

export interface AppDeps {
  db: Queryable;
  hub: StreamHub;
  logger: Logger;
  registry: Registry;
  now?: () => Date;
}

/** The query service's HTTP app (no listen): read-only JSON, the seed's search, and the SSE stream. */
export function createApp({ db, hub, logger, registry, now = () => new Date() }: AppDeps): Express {
  const app = express();
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(httpLogger(logger));
  app.use(queryMetrics(registry, hub));
  app.use(healthRoutes({ db, registry }));
  app.use(openApiRoutes());
  app.use(vehicleListRoutes(db));
  app.use(vehicleRoutes(db, now));
  app.use(customerRoutes(db));
  app.use(streamRoutes(hub));
  app.use(seedSearchRoutes(db));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
