import { Router } from 'express';
import type { Registry } from 'prom-client';
import { pendingMigrations } from '@vehicle-tracker/db';
import type { Queryable } from './queryable';

export interface HealthDeps {
  db: Queryable;
  registry: Registry;
  /** Extra readiness condition (e.g. "the projector has caught up once"); a string says why it is not ready. */
  ready?: () => Promise<string | undefined> | string | undefined;
}

/**
 * /healthz: the process is alive (no dependencies checked, so an orchestrator does not restart a healthy process
 * during a database outage). /readyz: the database answers and every shipped migration is applied.
 * /metrics: Prometheus text format.
 */
export function healthRoutes({ db, registry, ready }: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const problems: string[] = [];
    try {
      await db.query('SELECT 1');
      const pending = await pendingMigrations((sql) => db.query<{ name: string }>(sql));
      if (pending.length) problems.push(`migrations not applied: ${pending.join(', ')}`);
      const extra = await ready?.();
      if (extra) problems.push(extra);
    } catch {
      problems.push('database unreachable');
    }
    if (problems.length) res.status(503).set('Retry-After', '5').json({ status: 'unavailable', problems });
    else res.json({ status: 'ready' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
