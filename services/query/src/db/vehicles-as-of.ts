import type { FleetCounts, VehicleSort, VehicleSummary } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import {
  filterConditions,
  orderBy,
  statusCondition,
  type PageRequest,
  type VehicleFilter,
} from './vehicle-filter';
import { toVehicleSummary, type VehicleSummaryRow } from './vehicle-row';

/**
 * The fleet at instant $1: vehicles registered at or before it and not yet retired, each with the interval that
 * covers it (the newest one started at or before $1, by the (vin, started_at) key). An open online interval whose
 * deadline (offline_at) has passed at $1 counts as offline from that deadline: the projector closes it within
 * about a second, and this keeps recent instants exact meanwhile. No interval at all: never seen.
 * Customer, registration number and search text are today's (a transfer is not reflected).
 */
function fleetAsOf(filter: VehicleFilter, params: unknown[]): string {
  const where = [
    'v.registered_at <= $1',
    '(v.retired_at IS NULL OR v.retired_at > $1)',
    ...filterConditions(filter, params),
  ];
  return `WITH covering AS (
    SELECT v.vin, v.reg_no, v.customer_id, v.customer_name, v.effective_timeout_seconds, v.offline_at,
           i.status AS interval_status, i.started_at, i.ended_at
      FROM rm.vehicles v
      LEFT JOIN LATERAL (
        SELECT status, started_at, ended_at FROM rm.intervals
         WHERE vin = v.vin AND started_at <= $1 ORDER BY started_at DESC LIMIT 1
      ) i ON true
     WHERE ${where.join(' AND ')}
  ), expired AS (
    SELECT *, (interval_status = 'online' AND ended_at IS NULL AND offline_at <= $1) AS past_deadline FROM covering
  ), fleet AS (
    SELECT vin, reg_no, customer_id, customer_name, effective_timeout_seconds,
           CASE WHEN interval_status IS NULL THEN 'never-seen'
                WHEN past_deadline OR ended_at <= $1 THEN 'offline'
                ELSE interval_status END AS status,
           CASE WHEN interval_status IS NULL OR interval_status = 'never-seen' THEN NULL
                WHEN past_deadline THEN offline_at
                WHEN ended_at <= $1 THEN ended_at
                ELSE started_at END AS status_since
      FROM expired
  )`;
}

const SORT_COLUMNS: Record<VehicleSort, string | null> = {
  vin: 'f.vin',
  regNo: 'f.reg_no',
  customer: 'f.customer_name',
  status: 'f.status',
  lastSeen: null, // not known at a past instant: VIN order
};

/** One page of the fleet as it was at `asOf`; lastSeenAt is null (not derivable from intervals). */
export async function listVehiclesAsOf(
  db: Queryable,
  asOf: Date,
  filter: VehicleFilter,
  page: PageRequest,
): Promise<VehicleSummary[]> {
  const params: unknown[] = [asOf];
  const cte = fleetAsOf(filter, params);
  params.push(page.limit, page.offset);
  const where = statusCondition(filter.status, 'f.status');
  const { rows } = await db.query<VehicleSummaryRow>(
    `${cte}
    SELECT f.vin, f.reg_no, f.customer_id, c.name AS customer_name, c.address AS customer_address, f.status,
           NULL::timestamptz AS last_heartbeat_at, f.status_since, f.effective_timeout_seconds
      FROM fleet f JOIN rm.customers c ON c.customer_id = f.customer_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${orderBy(page, SORT_COLUMNS, 'f.vin')}
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return rows.map(toVehicleSummary);
}

/** Online/offline/total of the fleet at `asOf` under every filter but status. */
export async function countVehiclesAsOf(
  db: Queryable,
  asOf: Date,
  filter: VehicleFilter,
): Promise<FleetCounts> {
  const params: unknown[] = [asOf];
  const cte = fleetAsOf(filter, params);
  const { rows } = await db.query<{ online: number; total: number }>(
    `${cte} SELECT count(*) FILTER (WHERE status = 'online') AS online, count(*) AS total FROM fleet`,
    params,
  );
  const online = rows[0]?.online ?? 0;
  const total = rows[0]?.total ?? 0;
  return { online, offline: total - online, total };
}
