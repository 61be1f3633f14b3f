import type { FleetCounts, VehicleSort, VehicleSummary } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import {
  filterConditions,
  orderBy,
  statusCondition,
  type PageRequest,
  type VehicleFilter,
} from './vehicle-filter';
import { queryPrepared } from './prepared-query';
import { STATUS_AT, STATUS_SINCE_AT } from './status-at';
import { toVehicleSummary, type VehicleSummaryRow } from './vehicle-row';
import { wholeFleetPageAsOf } from './whole-fleet-as-of';

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
  const wholeFleet = await wholeFleetPageAsOf(db, asOf, filter, page);
  if (wholeFleet) return wholeFleet;
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
