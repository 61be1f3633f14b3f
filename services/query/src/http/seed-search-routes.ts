import { Router } from 'express';
import { SeedSearchQuery } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { customerNames, seedSearch } from '../db/seed-search';
import { normalizeSearch } from '../domain/search-text';
import { parseInput } from './parse';

/** Ids of the customers whose name holds `name` (Unicode-aware, case-insensitive); undefined: no name filter. */
async function customersNamed(db: Queryable, name: string | undefined): Promise<string[] | undefined> {
  const needle = normalizeSearch(name ?? '');
  if (!needle) return undefined;
  const customers = await customerNames(db);
  return customers.filter((c) => normalizeSearch(c.name).includes(needle)).map((c) => c.id);
}

/** The seed application's liveness route, GET /search/ping: open, like /healthz. */
export function seedPingRoutes(): Router {
  const router = Router();
  router.get('/search/ping', (_req, res) => {
    res.json({ message: 'pong' });
  });
  return router;
}

/** The seed application's search, kept for its clients: GET /search (an operator session is needed). */
export function seedSearchRoutes(db: Queryable): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const query = parseInput(SeedSearchQuery, req.query, 'query');
    const customerIds = await customersNamed(db, query.customer_name);
    if (customerIds?.length === 0) return void res.json([]);
    const online = query.online === undefined ? undefined : query.online === 'true';
    res.json(await seedSearch(db, { customerIds, online }));
  });
  return router;
}
