import type { CustomerSummary } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';

interface CustomerRow {
  customer_id: string;
  name: string;
  address: string;
  vehicle_count: number;
  online_count: number;
  offline_count: number;
}

/** Every customer with the projector's counters (nothing is counted here), by name. */
export async function listCustomers(db: Queryable): Promise<CustomerSummary[]> {
  const { rows } = await db.query<CustomerRow>(
    `SELECT customer_id, name, address, vehicle_count, online_count, offline_count
       FROM rm.customers ORDER BY lower(name), customer_id`,
  );
  return rows.map((r) => ({
    id: r.customer_id,
    name: r.name,
    address: r.address,
    vehicleCount: r.vehicle_count,
    online: r.online_count,
    offline: r.offline_count,
  }));
}
