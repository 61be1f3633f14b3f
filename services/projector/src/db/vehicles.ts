import type { ConnectivityStatus } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import type { VehicleState } from '../domain/model';
import { ms, msToTime, numberArray, textArray } from './arrays';
import { schemaName } from './schema';
import type { Statement } from './statement';

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
 * Inserts or replaces whole rows, one statement for the batch (a status wave, a fleet coming back online, sends
 * thousands of whole rows at once): one array per column, times as epoch milliseconds.
 */
export function vehicleUpsert(schema: string, vehicles: readonly VehicleState[]): Statement | null {
  if (vehicles.length === 0) return null;
  const text = (f: (v: VehicleState) => string | null) => textArray(vehicles.map(f));
  const num = (f: (v: VehicleState) => number | null) => numberArray(vehicles.map(f));
  return {
    text: `INSERT INTO ${schemaName(schema)}.vehicles AS t (${COLUMNS})
     SELECT vin, reg_no, customer_id, customer_name, timeout_seconds, effective_timeout_seconds, status,
       ${msToTime('status_since')}, ${msToTime('last_heartbeat_at')}, ${msToTime('offline_at')}, heartbeat_count,
       ${msToTime('registered_at')}, ${msToTime('retired_at')}, search_text, ${msToTime('flipped_from')}
     FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::text[], $8::int8[],
       $9::int8[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::text[], $15::int8[])
       AS u(vin, reg_no, customer_id, customer_name, timeout_seconds, effective_timeout_seconds, status,
         status_since, last_heartbeat_at, offline_at, heartbeat_count, registered_at, retired_at, search_text,
         flipped_from)
     ON CONFLICT (vin) DO UPDATE SET reg_no = excluded.reg_no, customer_id = excluded.customer_id,
       customer_name = excluded.customer_name, timeout_seconds = excluded.timeout_seconds,
       effective_timeout_seconds = excluded.effective_timeout_seconds, status = excluded.status,
       status_since = excluded.status_since, last_heartbeat_at = excluded.last_heartbeat_at,
       offline_at = excluded.offline_at, heartbeat_count = excluded.heartbeat_count,
       registered_at = excluded.registered_at, retired_at = excluded.retired_at,
       search_text = excluded.search_text, flipped_from = excluded.flipped_from`,
    values: [
      text((v) => v.vin),
      text((v) => v.regNo),
      text((v) => v.customerId),
      text((v) => v.customerName),
      num((v) => v.timeoutSeconds),
      num((v) => v.effectiveTimeoutSeconds),
      text((v) => v.status),
      num((v) => ms(v.statusSince)),
      num((v) => ms(v.lastHeartbeatAt)),
      num((v) => ms(v.offlineAt)),
      num((v) => v.heartbeatCount),
      num((v) => ms(v.registeredAt)),
      num((v) => ms(v.retiredAt)),
      text((v) => v.searchText),
      num((v) => ms(v.flippedFrom)),
    ],
  };
}

/*
 * The updates below join the table with unnest(): the planner knows the array's length and, from a few hundred
 * rows, hashes it and scans the whole table (pruning every page's old row versions on the way): 40 ms where index
 * lookups take 7. `t.vin = ANY(...)` (the same VINs) lets it find the rows through the primary key instead.
 */

/**
 * The connectivity fields of existing rows (a vehicle going offline or coming back): six columns rather than the
 * whole row. Only status is indexed, so a row whose status ends the batch as it began is still updated HOT.
 */
export function statusUpdate(schema: string, vehicles: readonly VehicleState[]): Statement | null {
  if (vehicles.length === 0) return null;
  const vins: string[] = [];
  const status: string[] = [];
  const since: (number | null)[] = [];
  const last: (number | null)[] = [];
  const deadline: (number | null)[] = [];
  const count: number[] = [];
  const flippedFrom: (number | null)[] = [];
  for (const v of vehicles) {
    vins.push(v.vin);
    status.push(v.status);
    since.push(ms(v.statusSince));
    last.push(ms(v.lastHeartbeatAt));
    deadline.push(ms(v.offlineAt));
    count.push(v.heartbeatCount);
    flippedFrom.push(ms(v.flippedFrom));
  }
  return {
    text: `UPDATE ${schemaName(schema)}.vehicles AS t
     SET status = u.st, status_since = ${msToTime('u.s')}, last_heartbeat_at = ${msToTime('u.h')},
       offline_at = ${msToTime('u.o')}, heartbeat_count = u.n, flipped_from = ${msToTime('u.f')}
     FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::int8[])
       AS u(v, st, s, h, o, n, f)
     WHERE t.vin = u.v AND t.vin = ANY($1::text[])`,
    values: [
      textArray(vins),
      textArray(status),
      numberArray(since),
      numberArray(last),
      numberArray(deadline),
      numberArray(count),
      numberArray(flippedFrom),
    ],
  };
}

/**
 * The heartbeat fields of existing rows, for vehicles whose batch changed nothing else: most rows of a catch-up.
 * None of these columns is indexed, so with the table's free space (fillfactor) PostgreSQL updates them in place
 * (HOT): no index entries.
 */
export function heartbeatUpdate(schema: string, vehicles: readonly VehicleState[]): Statement | null {
  if (vehicles.length === 0) return null;
  const vins: string[] = [];
  const last: (number | null)[] = [];
  const deadline: (number | null)[] = [];
  const count: number[] = [];
  for (const v of vehicles) {
    vins.push(v.vin);
    last.push(ms(v.lastHeartbeatAt));
    deadline.push(ms(v.offlineAt));
    count.push(v.heartbeatCount);
  }
  return {
    text: `UPDATE ${schemaName(schema)}.vehicles AS t
     SET last_heartbeat_at = ${msToTime('u.h')}, offline_at = ${msToTime('u.o')}, heartbeat_count = u.n
     FROM unnest($1::text[], $2::int8[], $3::int8[], $4::int8[]) AS u(v, h, o, n)
     WHERE t.vin = u.v AND t.vin = ANY($1::text[])`,
    values: [textArray(vins), numberArray(last), numberArray(deadline), numberArray(count)],
  };
}
