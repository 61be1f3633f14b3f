import type { Queryable } from '@vehicle-tracker/service-kit';
import type { CustomerState } from '../domain/model';
import { schemaName } from './schema';

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

export async function upsertCustomers(
  db: Queryable,
  schema: string,
  customers: CustomerState[],
): Promise<void> {
  if (customers.length === 0) return;
  const col = <K extends keyof CustomerState>(k: K) => customers.map((c) => c[k]);
  await db.query(
    `INSERT INTO ${schemaName(schema)}.customers AS t (${COLUMNS})
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[],
       $8::timestamptz[])
     ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, address = excluded.address,
       timeout_seconds = excluded.timeout_seconds, vehicle_count = excluded.vehicle_count,
       online_count = excluded.online_count, offline_count = excluded.offline_count`,
    [
      col('customerId'),
      col('name'),
      col('address'),
      col('timeoutSeconds'),
      col('vehicleCount'),
      col('onlineCount'),
      col('offlineCount'),
      col('registeredAt'),
    ],
  );
}
