import type { ConnectivityStatus } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import type { VehicleState } from '../domain/model';
import { schemaName } from './schema';

interface VehicleRow {
  vin: string;
  reg_no: string;
  customer_id: string;
  customer_name: string;
  timeout_seconds: number | null;
  effective_timeout_seconds: number;
  status: ConnectivityStatus;
  status_since: Date | null;
  last_heartbeat_at: Date | null;
  offline_at: Date | null;
  heartbeat_count: number;
  registered_at: Date;
  retired_at: Date | null;
  search_text: string;
  flipped_from: Date | null;
}

const COLUMNS = `vin, reg_no, customer_id, customer_name, timeout_seconds, effective_timeout_seconds, status, status_since,
  last_heartbeat_at, offline_at, heartbeat_count, registered_at, retired_at, search_text, flipped_from`;

function toState(r: VehicleRow): VehicleState {
  return {
    vin: r.vin,
    regNo: r.reg_no,
    customerId: r.customer_id,
    customerName: r.customer_name,
    timeoutSeconds: r.timeout_seconds,
    effectiveTimeoutSeconds: r.effective_timeout_seconds,
    status: r.status,
    statusSince: r.status_since,
    lastHeartbeatAt: r.last_heartbeat_at,
    offlineAt: r.offline_at,
    heartbeatCount: Number(r.heartbeat_count),
    registeredAt: r.registered_at,
    retiredAt: r.retired_at,
    searchText: r.search_text,
    flippedFrom: r.flipped_from,
  };
}

/** The vehicles named, plus every active vehicle of the customers in `fleetsOf` (rename, timeout change). */
export async function loadVehicles(
  db: Queryable,
  schema: string,
  keys: { vins: string[]; fleetsOf: string[] },
): Promise<VehicleState[]> {
  if (keys.vins.length === 0 && keys.fleetsOf.length === 0) return [];
  const { rows } = await db.query<VehicleRow>(
    `SELECT ${COLUMNS} FROM ${schemaName(schema)}.vehicles
     WHERE vin = ANY($1::text[]) OR (customer_id = ANY($2::uuid[]) AND retired_at IS NULL)`,
    [keys.vins, keys.fleetsOf],
  );
  return rows.map(toState);
}

/**
 * Deadlines of every online vehicle: one scan when the runner (re)loads, to fill its in-memory deadline queue
 * (there is no index on offline_at: every heartbeat moves it, and an index would make those updates non-HOT).
 */
export async function loadDeadlines(db: Queryable, schema: string): Promise<{ vin: string; at: number }[]> {
  const { rows } = await db.query<{ vin: string; at: number }>(
    `SELECT vin, (extract(epoch FROM offline_at) * 1000)::float8 AS at FROM ${schemaName(schema)}.vehicles
     WHERE status = 'online' AND offline_at IS NOT NULL AND retired_at IS NULL`,
  );
  return rows.map((r) => ({ vin: r.vin, at: Math.round(r.at) }));
}

/**
 * Inserts or replaces whole rows, one statement for the batch. The rows go as one JSON parameter (see
 * updateHeartbeats): a status wave (a fleet coming back online) sends thousands of whole rows at once.
 */
export async function upsertVehicles(db: Queryable, schema: string, vehicles: VehicleState[]): Promise<void> {
  if (vehicles.length === 0) return;
  await db.query(
    `INSERT INTO ${schemaName(schema)}.vehicles AS t (${COLUMNS})
     SELECT ${COLUMNS} FROM json_to_recordset($1::json) AS u(vin text, reg_no text, customer_id uuid,
       customer_name text, timeout_seconds int, effective_timeout_seconds int, status text,
       status_since timestamptz, last_heartbeat_at timestamptz, offline_at timestamptz, heartbeat_count bigint,
       registered_at timestamptz, retired_at timestamptz, search_text text, flipped_from timestamptz)
     ON CONFLICT (vin) DO UPDATE SET reg_no = excluded.reg_no, customer_id = excluded.customer_id,
       customer_name = excluded.customer_name, timeout_seconds = excluded.timeout_seconds,
       effective_timeout_seconds = excluded.effective_timeout_seconds, status = excluded.status,
       status_since = excluded.status_since, last_heartbeat_at = excluded.last_heartbeat_at,
       offline_at = excluded.offline_at, heartbeat_count = excluded.heartbeat_count,
       registered_at = excluded.registered_at, retired_at = excluded.retired_at,
       search_text = excluded.search_text, flipped_from = excluded.flipped_from`,
    [JSON.stringify(vehicles.map(toRow))],
  );
}

function toRow(v: VehicleState): VehicleRow {
  return {
    vin: v.vin,
    reg_no: v.regNo,
    customer_id: v.customerId,
    customer_name: v.customerName,
    timeout_seconds: v.timeoutSeconds,
    effective_timeout_seconds: v.effectiveTimeoutSeconds,
    status: v.status,
    status_since: v.statusSince,
    last_heartbeat_at: v.lastHeartbeatAt,
    offline_at: v.offlineAt,
    heartbeat_count: v.heartbeatCount,
    registered_at: v.registeredAt,
    retired_at: v.retiredAt,
    search_text: v.searchText,
    flipped_from: v.flippedFrom,
  };
}

/**
 * The heartbeat fields of existing rows, for vehicles whose batch changed nothing else. None of these columns is
 * indexed, so with the table's free space (fillfactor) PostgreSQL updates them in place (HOT): no index entries.
 * The rows go as one JSON parameter: JSON.stringify is native and far cheaper than pg's per-element array
 * escaping of Dates (this statement carries most rows of a catch-up).
 */
export async function updateHeartbeats(
  db: Queryable,
  schema: string,
  vehicles: VehicleState[],
): Promise<void> {
  if (vehicles.length === 0) return;
  await db.query(
    `UPDATE ${schemaName(schema)}.vehicles AS t
     SET last_heartbeat_at = u.h, offline_at = u.o, heartbeat_count = u.n
     FROM json_to_recordset($1::json) AS u(v text, h timestamptz, o timestamptz, n bigint)
     WHERE t.vin = u.v`,
    [
      JSON.stringify(
        vehicles.map((v) => ({ v: v.vin, h: v.lastHeartbeatAt, o: v.offlineAt, n: v.heartbeatCount })),
      ),
    ],
  );
}
