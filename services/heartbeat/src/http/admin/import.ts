import express, { Router } from 'express';
import { storableBody } from '@vehicle-tracker/service-kit';
import type { RegistryDeps } from '../../registry/run-command';
import { importFleet } from '../../fleet/import-fleet';
import { requireJsonBody } from './middleware';

/** POST /api/v1/admin/fleet/import: a fleet file (seed-fleet.json format); answers the import report. */
export function importRoutes(deps: RegistryDeps, bodyLimit: number): Router {
  const router = Router();
  router.post(
    '/fleet/import',
    requireJsonBody,
    express.json({ limit: bodyLimit }),
    storableBody,
    async (req, res) => {
      res.json(await importFleet(deps, req.body ?? {}, { correlationId: String(req.id) }));
    },
  );
  return router;
}
