import type { VehicleSummary, VehicleSort } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { lastSeenPage, servedByLastSeenOrder } from './last-seen-page';
import { textSearchPlan } from './text-search-plan';
import {
  filterConditions,
  orderBy,
  resolvedConditions,
  statusCondition,
  type PageRequest,
  type VehicleFilter,
} from './vehicle-filter';
import { toVehicleSummary, type VehicleSummaryRow } from './vehicle-row';

const SORT_COLUMNS: Record<VehicleSort, string> = {
  vin: 'v.vin',
  regNo: 'v.reg_no',
  customer: 'v.customer_name',
  status: 'v.status',
  lastSeen: 'v.last_heartbeat_at',
};

/**
 * One page of the live fleet (retired vehicles left out), filtered and sorted. A deferred join: the page's VINs
 * come first from the (column, vin) index alone, and only those 50 rows are then read with their customer, so a
 * deep page (OFFSET 950) does not fetch and join every row it skips. A text filter is resolved into customers and
 * single vehicles first where it can be (textSearchPlan), so the page comes from the customer indexes too.
 * sort=lastSeen over the whole fleet comes from the projector's last-seen order instead (last-seen-page.ts).
 */
export async function listVehicles(
  db: Queryable,
  filter: VehicleFilter,
  page: PageRequest,
): Promise<VehicleSummary[]> {
  if (servedByLastSeenOrder(filter, page)) return lastSeenPage(db, filter.status, page);
  const params: unknown[] = [];
  const search = await textSearchPlan(db, filter);
  const conditions = search ? resolvedConditions(search, filter, params) : filterConditions(filter, params);
  if (conditions === null) return [];
  const where = ['v.retired_at IS NULL', ...conditions, ...statusCondition(filter.status, 'v.status')];
  if (leadsWithNeverSeen(filter, page)) {
    const neverSeen = await pageOf(db, [...where, `v.status = 'never-seen'`], [...params], {
      ...page,
      sort: 'vin',
    });
    if (neverSeen.length === page.limit) return neverSeen;
  }
  return pageOf(db, where, params, page);
}

/**
 * sort=lastSeen within a customer or a text search (the whole fleet reads rm.vehicle_last_seen instead):
 * descending puts the vehicles never seen first (PostgreSQL's NULLS FIRST for DESC), by VIN descending.
 * last_heartbeat_at is NULL exactly when status is 'never-seen' (the projector sets both with the first heartbeat,
 * and never makes a vehicle never-seen again), so a page inside that block is a page of never-seen vehicles by
 * VIN, read from the (status, vin) or (customer_id, status, vin) index instead of sorting the selected rows by
 * last_heartbeat_at, which no index of rm.vehicles may cover (migration 0006). A page that reaches past the block
 * falls back to the sort. Ascending order and pages past the block sort the selected rows (a customer's ~1,000).
 */
function leadsWithNeverSeen(filter: VehicleFilter, page: PageRequest): boolean {
  return page.sort === 'lastSeen' && page.order === 'desc' && filter.status !== 'online';
}

async function pageOf(
  db: Queryable,
  where: string[],
  params: unknown[],
  page: PageRequest,
): Promise<VehicleSummary[]> {
  params.push(page.limit, page.offset);
  const order = orderBy(page, SORT_COLUMNS, 'v.vin');
  const { rows } = await db.query<VehicleSummaryRow>(
    `WITH page AS (
       SELECT v.vin FROM rm.vehicles v
        WHERE ${where.join(' AND ')}
        ORDER BY ${order}
        LIMIT $${params.length - 1} OFFSET $${params.length})
     SELECT v.vin, v.reg_no, v.customer_id, c.name AS customer_name, c.address AS customer_address, v.status,
            v.last_heartbeat_at, v.status_since, v.effective_timeout_seconds
       FROM page JOIN rm.vehicles v ON v.vin = page.vin JOIN rm.customers c ON c.customer_id = v.customer_id
      ORDER BY ${order}`,
    params,
  );
  return rows.map(toVehicleSummary);
}
