import type { FleetCounts, VehicleSort, VehicleSummary } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import {
  filterConditions,
  orderBy,
  statusCondition,
  type PageRequest,
  type VehicleFilter,
} from './vehicle-filter';
import { fleetCountsAsOf } from './fleet-counts-as-of';
import { queryPrepared } from './prepared-query';
import { toVehicleSummary, type VehicleSummaryRow } from './vehicle-row';

/**
 * A vehicle's status and since when at $1, from the interval covering $1 (interval_status, started_at, ended_at;
 * all null without one) and, for an open online interval, its deadline (`deadline`, else null).
 */
const STATUS_AT = `CASE WHEN interval_status IS NULL THEN 'never-seen'
                WHEN deadline <= $1 OR ended_at <= $1 THEN 'offline'
                ELSE interval_status END`;
const STATUS_SINCE_AT = `CASE WHEN interval_status IS NULL OR interval_status = 'never-seen' THEN NULL
                WHEN deadline <= $1 THEN deadline
                WHEN ended_at <= $1 THEN ended_at
                ELSE started_at END`;

/**
 * The fleet at instant $1: vehicles registered at or before it and not yet retired, each with the interval that
 * covers it (the newest one started at or before $1). An open online interval whose deadline (offline_at) has
 * passed at $1 counts as offline from that deadline: the projector closes it within about a second, and this keeps
 * recent instants exact meanwhile. No interval at all: never seen. Customer, registration number and search text
 * are today's (a transfer is not reflected).
 *
 * Cost: one probe per vehicle of the filter. Without a text filter the vehicles come from the index alone
 * (vehicles_as_of: customer_id, vin, registered_at, retired_at, reg_no) and the covering interval from the index
 * alone (intervals_as_of: vin, started_at, status, ended_at), both migration 0011; the vehicle row itself is only
 * read for the deadline of an open online interval, and for the customer name when sorting by it.
 */
function fleetAsOf(filter: VehicleFilter, sort: VehicleSort, params: unknown[]): string {
  const where = [
    'v.registered_at <= $1',
    '(v.retired_at IS NULL OR v.retired_at > $1)',
    ...filterConditions(filter, params),
  ];
  // The deadline is read from the vehicle row only for an open online interval (a CASE runs its subquery only when
  // needed); OFFSET 0 keeps the inner query whole, so that subquery is not repeated in each use of the deadline.
  return `fleet AS (
    SELECT vin, reg_no, customer_name, ${STATUS_AT} AS status, ${STATUS_SINCE_AT} AS status_since
      FROM (
        SELECT v.vin, v.reg_no, ${sort === 'customer' ? 'v.customer_name' : 'NULL::text AS customer_name'},
               i.status AS interval_status, i.started_at, i.ended_at,
               CASE WHEN i.status = 'online' AND i.ended_at IS NULL
                    THEN (SELECT w.offline_at FROM rm.vehicles w WHERE w.vin = v.vin) END AS deadline
          FROM rm.vehicles v
          LEFT JOIN LATERAL (
            SELECT status, started_at, ended_at FROM rm.intervals
             WHERE vin = v.vin AND started_at <= $1 ORDER BY started_at DESC LIMIT 1
          ) i ON true
         WHERE ${where.join(' AND ')}
        OFFSET 0
      ) covering
  )`;
}

/** Sort columns of the fleet (and page) rows, under an alias prefix such as 'p.'. */
const sortColumns = (alias = ''): Record<VehicleSort, string | null> => ({
  vin: `${alias}vin`,
  regNo: `${alias}reg_no`,
  customer: `${alias}customer_name`,
  status: `${alias}status`,
  lastSeen: null, // not known at a past instant: VIN order
});

interface AsOfRow extends Omit<VehicleSummaryRow, 'vin'> {
  vin: string | null;
  online: number;
  total: number;
}

export interface FleetPageAsOf {
  items: VehicleSummary[];
  counts: FleetCounts;
}

/**
 * One page of the fleet as it was at `asOf` and its online/offline/total under every filter but status, from one
 * statement, so the fleet at that instant is worked out once (the counts need every vehicle of the filter, the
 * page a sort over them), prepared once per connection. lastSeenAt is null (not derivable from intervals).
 */
export async function fleetPageAsOf(
  db: Queryable,
  asOf: Date,
  filter: VehicleFilter,
  page: PageRequest,
): Promise<FleetPageAsOf> {
  if (
    filter.customerId === undefined &&
    filter.pattern === undefined &&
    (page.sort === 'vin' || page.sort === 'lastSeen')
  ) {
    const counts = await fleetCountsAsOf(db, asOf);
    if (counts) {
      const online = counts.online;
      return {
        items: await wholeFleetPageAsOf(db, asOf, filter, page),
        counts: { online, offline: counts.total - online, total: counts.total },
      };
    }
  }
  const params: unknown[] = [asOf];
  const fleet = fleetAsOf(filter, page.sort, params);
  params.push(page.limit, page.offset);
  const where = statusCondition(filter.status, 'status');
  const text = `WITH ${fleet},
     counts AS (SELECT count(*) FILTER (WHERE status = 'online') AS online, count(*) AS total FROM fleet),
     page AS (
       SELECT * FROM fleet ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${orderBy(page, sortColumns(), 'vin')} LIMIT $${params.length - 1} OFFSET $${params.length})
     SELECT counts.online, counts.total, p.vin, p.reg_no, p.status, p.status_since,
            v.customer_id, c.name AS customer_name, c.address AS customer_address,
            NULL::timestamptz AS last_heartbeat_at, v.effective_timeout_seconds
       FROM counts
       LEFT JOIN (page p JOIN rm.vehicles v ON v.vin = p.vin JOIN rm.customers c ON c.customer_id = v.customer_id)
         ON true
      ORDER BY ${orderBy(page, sortColumns('p.'), 'p.vin')}`;
  // A LIKE pattern's plan depends on the pattern (trigram index or not): planned per request.
  const rows =
    filter.pattern === undefined
      ? await queryPrepared<AsOfRow>(db, text, params)
      : (await db.query<AsOfRow>(text, params)).rows;
  const online = Number(rows[0]?.online ?? 0);
  const total = Number(rows[0]?.total ?? 0);
  const items = rows.flatMap((r) => (r.vin === null ? [] : [toVehicleSummary({ ...r, vin: r.vin })]));
  return { items, counts: { online, offline: total - online, total } };
}

/**
 * A page of the whole fleet at $1 in VIN order, for the counts from the per-instant sums: vehicles are read in
 * primary-key order, each with one probe for its covering interval, until the page is full (with a status filter,
 * until enough of them had that status at $1), instead of working out the whole fleet first.
 */
async function wholeFleetPageAsOf(
  db: Queryable,
  asOf: Date,
  filter: VehicleFilter,
  page: PageRequest,
): Promise<VehicleSummary[]> {
  const dir = page.order === 'desc' ? 'DESC' : 'ASC';
  const where = statusCondition(filter.status, 'status');
  const rows = await queryPrepared<VehicleSummaryRow>(
    db,
    `WITH page AS (
       SELECT vin, reg_no, customer_id, effective_timeout_seconds, status, status_since
         FROM (
           SELECT vin, reg_no, customer_id, effective_timeout_seconds,
                  ${STATUS_AT} AS status, ${STATUS_SINCE_AT} AS status_since
             FROM (
               SELECT v.vin, v.reg_no, v.customer_id, v.effective_timeout_seconds, i.status AS interval_status,
                      i.started_at, i.ended_at,
                      CASE WHEN i.status = 'online' AND i.ended_at IS NULL THEN v.offline_at END AS deadline
                 FROM rm.vehicles v
                 LEFT JOIN LATERAL (
                   SELECT status, started_at, ended_at FROM rm.intervals
                    WHERE vin = v.vin AND started_at <= $1 ORDER BY started_at DESC LIMIT 1
                 ) i ON true
                WHERE v.registered_at <= $1 AND (v.retired_at IS NULL OR v.retired_at > $1)
             ) covering
         ) at_instant
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY vin ${dir} LIMIT $2 OFFSET $3)
     SELECT p.vin, p.reg_no, p.customer_id, c.name AS customer_name, c.address AS customer_address, p.status,
            NULL::timestamptz AS last_heartbeat_at, p.status_since, p.effective_timeout_seconds
       FROM page p JOIN rm.customers c ON c.customer_id = p.customer_id
      ORDER BY p.vin ${dir}`,
    [asOf, page.limit, page.offset],
  );
  return rows.map(toVehicleSummary);
}
