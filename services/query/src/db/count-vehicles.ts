import type { FleetCounts } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { textSearchPlan } from './text-search-plan';
import { filterConditions, type VehicleFilter } from './vehicle-filter';

interface CountRow {
  online: number;
  total: number;
}

/**
 * Online/offline/total of the live fleet under every filter but status. Without a text filter the projector's
 * per-customer counters answer (about a thousand rows at most, never the vehicles); with one, the counters of the
 * customers whose name matches plus the vehicles matched by VIN or plate (textSearchPlan), or else a count over
 * the matching vehicles.
 */
export async function countVehicles(db: Queryable, filter: VehicleFilter): Promise<FleetCounts> {
  if (filter.pattern !== undefined) {
    const search = await textSearchPlan(db, filter);
    if (search) return search.counts;
  }
  const row =
    filter.pattern === undefined ? await fromCounters(db, filter.customerId) : await fromVehicles(db, filter);
  const online = row?.online ?? 0;
  const total = row?.total ?? 0;
  return { online, offline: total - online, total };
}

async function fromCounters(db: Queryable, customerId: string | undefined): Promise<CountRow | undefined> {
  const { rows } = await db.query<CountRow>(
    `SELECT coalesce(sum(online_count), 0)::bigint AS online, coalesce(sum(vehicle_count), 0)::bigint AS total
       FROM rm.customers ${customerId === undefined ? '' : 'WHERE customer_id = $1'}`,
    customerId === undefined ? [] : [customerId],
  );
  return rows[0];
}

async function fromVehicles(db: Queryable, filter: VehicleFilter): Promise<CountRow | undefined> {
  const params: unknown[] = [];
  const where = ['v.retired_at IS NULL', ...filterConditions(filter, params)];
  const { rows } = await db.query<CountRow>(
    `SELECT count(*) FILTER (WHERE v.status = 'online') AS online, count(*) AS total
       FROM rm.vehicles v WHERE ${where.join(' AND ')}`,
    params,
  );
  return rows[0];
}
