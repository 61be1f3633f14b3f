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

/** Online vehicles whose deadline is at or before `now`, earliest first (index vehicles_offline_at). */
export async function loadDueVehicles(
  db: Queryable,
  schema: string,
  now: Date,
  limit: number,
): Promise<VehicleState[]> {
  const { rows } = await db.query<VehicleRow>(
    `SELECT ${COLUMNS} FROM ${schemaName(schema)}.vehicles
     WHERE status = 'online' AND offline_at <= $1 AND retired_at IS NULL ORDER BY offline_at LIMIT $2`,
    [now, limit],
  );
  return rows.map(toState);
}

/** The earliest deadline of any online vehicle, or null when none is online. */
export async function nextDeadline(db: Queryable, schema: string): Promise<Date | null> {
  const { rows } = await db.query<{ offline_at: Date }>(
    `SELECT offline_at FROM ${schemaName(schema)}.vehicles
     WHERE status = 'online' AND offline_at IS NOT NULL AND retired_at IS NULL ORDER BY offline_at LIMIT 1`,
  );
  return rows[0]?.offline_at ?? null;
}

/** Inserts or replaces whole rows, one statement for the batch (arrays unnested column by column). */
export async function upsertVehicles(db: Queryable, schema: string, vehicles: VehicleState[]): Promise<void> {
  if (vehicles.length === 0) return;
  const col = <K extends keyof VehicleState>(k: K) => vehicles.map((v) => v[k]);
  await db.query(
    `INSERT INTO ${schemaName(schema)}.vehicles AS t (${COLUMNS})
     SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::text[],
       $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::bigint[], $12::timestamptz[],
       $13::timestamptz[], $14::text[], $15::timestamptz[])
     ON CONFLICT (vin) DO UPDATE SET reg_no = excluded.reg_no, customer_id = excluded.customer_id,
       customer_name = excluded.customer_name, timeout_seconds = excluded.timeout_seconds,
       effective_timeout_seconds = excluded.effective_timeout_seconds, status = excluded.status,
       status_since = excluded.status_since, last_heartbeat_at = excluded.last_heartbeat_at,
       offline_at = excluded.offline_at, heartbeat_count = excluded.heartbeat_count,
       registered_at = excluded.registered_at, retired_at = excluded.retired_at,
       search_text = excluded.search_text, flipped_from = excluded.flipped_from`,
    [
      col('vin'),
      col('regNo'),
      col('customerId'),
      col('customerName'),
      col('timeoutSeconds'),
      col('effectiveTimeoutSeconds'),
      col('status'),
      col('statusSince'),
      col('lastHeartbeatAt'),
      col('offlineAt'),
      col('heartbeatCount'),
      col('registeredAt'),
      col('retiredAt'),
      col('searchText'),
      col('flippedFrom'),
    ],
  );
}
