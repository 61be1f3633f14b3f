import type { StatusFilter, VehicleSummary } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import type { PageRequest, VehicleFilter } from './vehicle-filter';
import { toVehicleSummary, type VehicleSummaryRow } from './vehicle-row';

/**
 * sort=lastSeen over the whole fleet (no customer, no text search): the one order no index of rm.vehicles may
 * serve (migration 0006), read instead from the projector's rm.vehicle_last_seen (migration 0013), one row per
 * active vehicle with its online flag and last heartbeat, indexed on (online, last_heartbeat_at, vin). A customer's
 * pages sort its ~1,000 rows and a text search its matches (list-vehicles.ts): both stay as they are.
 */
export function servedByLastSeenOrder(filter: VehicleFilter, page: PageRequest): boolean {
  return page.sort === 'lastSeen' && filter.customerId === undefined && filter.pattern === undefined;
}

/**
 * One page in the order of `ORDER BY last_heartbeat_at, vin` (both in `page.order`, PostgreSQL's default null
 * placement: never-seen last ascending, first descending), without sorting the fleet:
 * - status=online: the `online` range of the index, forwards or backwards, up to offset + limit entries;
 * - status=offline (offline and never-seen, i.e. not online): the other range, whose NULLs (never seen) come last
 *   forwards and first backwards, as the btree keeps them;
 * - no status: both ranges, each cut at offset + limit, merged by the planner (Merge Append) under one
 *   ORDER BY ... LIMIT/OFFSET.
 * The side table is written in the projector's transactions with rm.vehicles, so this one statement sees the same
 * vehicles (active ones, their status) in both; then only the page's rows are read, as in list-vehicles.ts.
 */
export async function lastSeenPage(
  db: Queryable,
  status: StatusFilter | undefined,
  page: PageRequest,
): Promise<VehicleSummary[]> {
  const dir = page.order === 'desc' ? 'DESC' : 'ASC';
  const range = (online: boolean, limit: string) =>
    `SELECT vin, last_heartbeat_at FROM rm.vehicle_last_seen WHERE online = ${online}
      ORDER BY last_heartbeat_at ${dir}, vin ${dir} LIMIT ${limit}`;
  const pageVins =
    status === undefined
      ? `(${range(true, '$3')}) UNION ALL (${range(false, '$3')})
         ORDER BY last_heartbeat_at ${dir}, vin ${dir} LIMIT $1 OFFSET $2`
      : `${range(status === 'online', '$1')} OFFSET $2`;
  const params: unknown[] = [page.limit, page.offset];
  if (status === undefined) params.push(page.offset + page.limit);
  const { rows } = await db.query<VehicleSummaryRow>(
    `WITH page AS (${pageVins})
     SELECT v.vin, v.reg_no, v.customer_id, c.name AS customer_name, c.address AS customer_address, v.status,
            v.last_heartbeat_at, v.status_since, v.effective_timeout_seconds
       FROM page JOIN rm.vehicles v ON v.vin = page.vin JOIN rm.customers c ON c.customer_id = v.customer_id
      ORDER BY page.last_heartbeat_at ${dir}, page.vin ${dir}`,
    params,
  );
  return rows.map(toVehicleSummary);
}
