import type { Queryable } from '@vehicle-tracker/service-kit';
import type { CustomerState } from '../domain/model';
import { msToTime, numberArray, textArray } from './arrays';
import { schemaName } from './schema';
import type { Statement } from './statement';

interface CustomerRow {
  customer_id: string;
  name: string;
  address: string;
  timeout_seconds: number | null;
  vehicle_count: number;
  online_count: number;
  offline_count: number;
  registered_at: Date;
}

const COLUMNS = `customer_id, name, address, timeout_seconds, vehicle_count, online_count, offline_count, registered_at`;

export async function loadCustomers(db: Queryable, schema: string, ids: string[]): Promise<CustomerState[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<CustomerRow>(
    `SELECT ${COLUMNS} FROM ${schemaName(schema)}.customers WHERE customer_id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    name: r.name,
    address: r.address,
    timeoutSeconds: r.timeout_seconds,
    vehicleCount: r.vehicle_count,
    onlineCount: r.online_count,
    offlineCount: r.offline_count,
    registeredAt: r.registered_at,
  }));
}

/** Inserts or replaces the rows of the customers a batch changed. */
export function customerUpsert(schema: string, customers: readonly CustomerState[]): Statement | null {
  if (customers.length === 0) return null;
  const text = (f: (c: CustomerState) => string) => textArray(customers.map(f));
  const num = (f: (c: CustomerState) => number | null) => numberArray(customers.map(f));
  return {
    text: `INSERT INTO ${schemaName(schema)}.customers AS t (${COLUMNS})
     SELECT customer_id, name, address, timeout_seconds, vehicle_count, online_count, offline_count,
       ${msToTime('registered_at')}
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int8[])
       AS u(customer_id, name, address, timeout_seconds, vehicle_count, online_count, offline_count, registered_at)
     ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, address = excluded.address,
       timeout_seconds = excluded.timeout_seconds, vehicle_count = excluded.vehicle_count,
       online_count = excluded.online_count, offline_count = excluded.offline_count`,
    values: [
      text((c) => c.customerId),
      text((c) => c.name),
      text((c) => c.address),
      num((c) => c.timeoutSeconds),
      num((c) => c.vehicleCount),
      num((c) => c.onlineCount),
      num((c) => c.offlineCount),
      num((c) => c.registeredAt.getTime()),
    ],
  };
}
