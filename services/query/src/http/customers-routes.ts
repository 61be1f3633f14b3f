import { Router } from 'express';
import type { CustomerListResponse } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { listCustomers } from '../db/list-customers';

/** GET /api/v1/customers: every customer with its vehicle, online and offline counts. */
export function customerRoutes(db: Queryable): Router {
  const router = Router();
  router.get('/api/v1/customers', async (_req, res) => {
    const body: CustomerListResponse = { items: await listCustomers(db) };
    res.json(body);
  });
  return router;
}
