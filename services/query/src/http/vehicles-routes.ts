import { Router } from 'express';
import { VehicleListQuery, type FleetCounts, type VehicleListResponse } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { countVehicles } from '../db/count-vehicles';
import { listVehicles } from '../db/list-vehicles';
import { fleetPageAsOf } from '../db/vehicles-as-of';
import type { PageRequest, VehicleFilter } from '../db/vehicle-filter';
import { containsPattern, normalizeSearch } from '../domain/search-text';
import { parseInput } from './parse';

function filterOf(query: VehicleListQuery): VehicleFilter {
  const needle = normalizeSearch(query.q ?? '');
  return {
    pattern: needle ? containsPattern(needle) : undefined,
    customerId: query.customerId,
    status: query.status,
  };
}

function totalOf(counts: FleetCounts, status: VehicleListQuery['status']): number {
  return status === undefined ? counts.total : counts[status];
}

async function livePage(db: Queryable, filter: VehicleFilter, page: PageRequest) {
  const [items, counts] = await Promise.all([listVehicles(db, filter, page), countVehicles(db, filter)]);
  return { items, counts };
}

/** GET /api/v1/vehicles: a page of the fleet, live or as of an instant, with counts that ignore the status filter. */
export function vehicleListRoutes(db: Queryable): Router {
  const router = Router();
  router.get('/api/v1/vehicles', async (req, res) => {
    const query = parseInput(VehicleListQuery, req.query, 'query');
    const filter = filterOf(query);
    const page: PageRequest = {
      sort: query.sort,
      order: query.order,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    };
    const asOf = query.asOf === undefined ? undefined : new Date(query.asOf);
    const { items, counts } = asOf
      ? await fleetPageAsOf(db, asOf, filter, page)
      : await livePage(db, filter, page);
    const body: VehicleListResponse = {
      items,
      total: totalOf(counts, query.status),
      counts,
      page: query.page,
      pageSize: query.pageSize,
      ...(asOf ? { asOf: asOf.toISOString() } : {}),
    };
    res.json(body);
  });
  return router;
}
