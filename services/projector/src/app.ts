import express from 'express';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import {
  healthRoutes,
  notFoundHandler,
  problemHandler,
  type Logger,
  type Queryable,
} from '@vehicle-tracker/service-kit';
import { projectionStatus } from './db/status';
import { LIVE_SCHEMA } from './db/schema';

export interface AppDeps {
  db: Queryable;
  registry: Registry;
  logger: Logger;
  replicaId: string;
  isActive: () => boolean;
}

/** /healthz, /readyz, /metrics and /status (position, lag, whether this replica is the active one). */
export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  // The same headers as the other services (nosniff, CSP, HSTS, frame and resource policies), on every answer.
  app.use(helmet());
  app.use(healthRoutes({ db: deps.db, registry: deps.registry }));
  app.get('/status', async (_req, res) => {
    res.json({
      replica: deps.replicaId,
      active: deps.isActive(),
      projections: await projectionStatus(deps.db, LIVE_SCHEMA),
    });
  });
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
