import type {
  FleetCounts,
  SortOrder,
  StatusFilter,
  VehicleSort,
  VehicleStatus,
  VehicleSummary,
} from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { fleetCountsAsOf, type FleetCountsAsOf } from './fleet-counts-as-of';
import { queryPrepared } from './prepared-query';
import { STATUS_AT, STATUS_SINCE_AT } from './status-at';
import type { PageRequest, VehicleFilter } from './vehicle-filter';
import { toVehicleSummary, type VehicleSummaryRow } from './vehicle-row';

/** The column a page of each sort walks in order (lastSeen is not known at a past instant: VIN order). */
type WalkColumn = 'vin' | 'reg_no' | 'customer_name';
const WALKS: Record<Exclude<VehicleSort, 'status'>, WalkColumn> = {
  vin: 'vin',
  lastSeen: 'vin',
  regNo: 'reg_no',
  customer: 'customer_name',
};

/**
 * The whole fleet at `asOf` (no customer or text filter), without working out every vehicle: the counts from the
 * per-instant sums (fleetCountsAsOf), the page by walking the vehicles in the sort's order with one interval probe
 * each until it is full. Null when this does not apply (a filter, or an instant the sums cannot vouch for): the
 * caller then works the fleet out vehicle by vehicle.
 */
export async function wholeFleetPageAsOf(
  db: Queryable,
  asOf: Date,
  filter: VehicleFilter,
  page: PageRequest,
): Promise<{ items: VehicleSummary[]; counts: FleetCounts } | null> {
  if (filter.customerId !== undefined || filter.pattern !== undefined) return null;
  const counts = await fleetCountsAsOf(db, asOf);
  if (!counts) return null;
  const statuses = filter.status === undefined ? null : STATUS_FILTERS[filter.status];
  const items =
    page.sort === 'status'
      ? await byStatus(db, asOf, counts, statuses, page)
      : await walk(db, asOf, WALKS[page.sort], page.order, statuses, page.offset, page.limit);
  return {
    items,
    counts: { online: counts.online, offline: counts.total - counts.online, total: counts.total },
  };
}

const STATUS_FILTERS: Record<StatusFilter, VehicleStatus[]> = {
  online: ['online'],
  offline: ['offline', 'never-seen'],
};

/**
 * sort=status: the statuses in text order (never-seen, offline, online; reversed descending), VIN order within
 * each. The counts give each block's size, so the page is one walk per block it overlaps (at most three), each
 * skipping only into its own block; an empty block costs nothing.
 */
async function byStatus(
  db: Queryable,
  asOf: Date,
  counts: FleetCountsAsOf,
  statuses: VehicleStatus[] | null,
  page: PageRequest,
): Promise<VehicleSummary[]> {
  const sizes: Record<VehicleStatus, number> = {
    'never-seen': counts.neverSeen,
    offline: counts.total - counts.online - counts.neverSeen,
    online: counts.online,
  };
  const order: VehicleStatus[] = ['never-seen', 'offline', 'online'];
  if (page.order === 'desc') order.reverse();
  const items: VehicleSummary[] = [];
  let skip = page.offset;
  for (const status of order) {
    if (statuses && !statuses.includes(status)) continue;
    const wanted = Math.min(page.limit - items.length, sizes[status] - skip);
    if (wanted > 0) items.push(...(await walk(db, asOf, 'vin', page.order, [status], skip, wanted)));
    skip = Math.max(0, skip - sizes[status]);
    if (items.length >= page.limit) break;
  }
  return items;
}

/**
 * Vehicles in the fleet at $1, in `column` order then VIN (same direction), with their status at $1 (one of
 * `statuses` when given), rows `offset` to `offset + limit`. A VIN walk reads the primary key. A registration
 * number or customer name walk reads the active vehicles from their partial index (vehicles_reg_no,
 * vehicles_customer_name) and the vehicles retired after $1 (few: vehicles_retired_at, migration 0014), each up to
 * `offset + limit` rows, and sorts the two. Each walk stops as soon as it has its rows: one interval probe per
 * vehicle read, not per vehicle of the fleet.
 */
async function walk(
  db: Queryable,
  asOf: Date,
  column: WalkColumn,
  order: SortOrder,
  statuses: VehicleStatus[] | null,
  offset: number,
  limit: number,
): Promise<VehicleSummary[]> {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const key = (alias: string) =>
    column === 'vin' ? `${alias}vin ${dir}` : `${alias}${column} ${dir}, ${alias}vin ${dir}`;
  const params: unknown[] = [asOf, limit, offset];
  if (statuses) params.push(statuses);
  const branch = (from: string, vehicles: string, limit: string) => `(
    SELECT v.vin, v.reg_no, v.customer_name, v.customer_id, v.effective_timeout_seconds, s.status, s.status_since
      FROM ${from}
      LEFT JOIN LATERAL (
        SELECT status AS interval_status, started_at, ended_at FROM rm.intervals
         WHERE vin = v.vin AND started_at <= $1 ORDER BY started_at DESC LIMIT 1
      ) i ON true
     CROSS JOIN LATERAL (
       SELECT ${STATUS_AT} AS status, ${STATUS_SINCE_AT} AS status_since
         FROM (SELECT CASE WHEN i.interval_status = 'online' AND i.ended_at IS NULL THEN v.offline_at END
                        AS deadline) d
     ) s
     WHERE v.registered_at <= $1 AND ${vehicles} ${statuses ? 'AND s.status = ANY($4::text[])' : ''}
     ORDER BY ${key('v.')} LIMIT ${limit})`;
  const page =
    column === 'vin'
      ? branch('rm.vehicles v', '(v.retired_at IS NULL OR v.retired_at > $1)', '$2 OFFSET $3')
      : `SELECT * FROM (
           ${branch('rm.vehicles v', 'v.retired_at IS NULL', '$2::int + $3::int')}
           UNION ALL
           ${branch(
             // Sorted before the probes (OFFSET 0 keeps it a subquery), so they stop with the page here too.
             `(SELECT * FROM rm.vehicles WHERE retired_at > $1 ORDER BY ${key('')} OFFSET 0) v`,
             'true',
             '$2::int + $3::int',
           )}
         ) walks ORDER BY ${key('walks.')} LIMIT $2 OFFSET $3`;
  const rows = await queryPrepared<VehicleSummaryRow>(
    db,
    `WITH page AS (${page})
     SELECT p.vin, p.reg_no, p.customer_id, c.name AS customer_name, c.address AS customer_address, p.status,
            NULL::timestamptz AS last_heartbeat_at, p.status_since, p.effective_timeout_seconds
       FROM page p JOIN rm.customers c ON c.customer_id = p.customer_id
      ORDER BY ${key('p.')}`,
    params,
  );
  return rows.map(toVehicleSummary);
}
