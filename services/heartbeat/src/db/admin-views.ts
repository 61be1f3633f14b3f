import type { Queryable } from '@vehicle-tracker/event-store';
import type { AdminCustomer, AdminVehicle } from '@vehicle-tracker/contracts';

interface CustomerViewRow {
  customer_id: string;
  name: string;
  address: string;
  timeout_seconds: number | null;
  vehicle_count: number;
  registered_at: Date;
}
const toCustomer = (r: CustomerViewRow): AdminCustomer => ({
  customerId: r.customer_id,
  name: r.name,
  address: r.address,
  timeoutSeconds: r.timeout_seconds,
  vehicleCount: Number(r.vehicle_count),
  registeredAt: r.registered_at.toISOString(),
});
const CUSTOMER_VIEW = `
  SELECT c.customer_id, c.name, c.address, c.timeout_seconds, c.registered_at,
         (SELECT count(*) FROM write_vehicles v WHERE v.customer_id = c.customer_id AND v.retired_at IS NULL)
           AS vehicle_count
  FROM write_customers c`;

/** Every customer by name (the registry is small next to the heartbeat log: thousands, not millions). */
export async function listCustomers(db: Queryable): Promise<AdminCustomer[]> {
  const { rows } = await db.query<CustomerViewRow>(`${CUSTOMER_VIEW} ORDER BY lower(c.name), c.customer_id`);
  return rows.map(toCustomer);
}

export async function customerView(db: Queryable, customerId: string): Promise<AdminCustomer | null> {
  const { rows } = await db.query<CustomerViewRow>(`${CUSTOMER_VIEW} WHERE c.customer_id = $1`, [customerId]);
  return rows[0] ? toCustomer(rows[0]) : null;
}

interface VehicleViewRow {
  vin: string;
  reg_no: string;
  customer_id: string;
  timeout_seconds: number | null;
  retired_at: Date | null;
  registered_at: Date;
}
const toVehicle = (r: VehicleViewRow): AdminVehicle => ({
  vin: r.vin,
  regNo: r.reg_no,
  customerId: r.customer_id,
  timeoutSeconds: r.timeout_seconds,
  retiredAt: r.retired_at?.toISOString() ?? null,
  registeredAt: r.registered_at.toISOString(),
});
const VEHICLE_VIEW = `SELECT vin, reg_no, customer_id, timeout_seconds, retired_at, registered_at FROM write_vehicles`;

export async function vehicleView(db: Queryable, vin: string): Promise<AdminVehicle | null> {
  const { rows } = await db.query<VehicleViewRow>(`${VEHICLE_VIEW} WHERE vin = $1`, [vin]);
  return rows[0] ? toVehicle(rows[0]) : null;
}

/** Vehicles of one customer (or all), by VIN, after `afterVin` (keyset paging). */
export async function listVehicles(
  db: Queryable,
  args: { customerId?: string; afterVin?: string; limit: number },
): Promise<AdminVehicle[]> {
  const { rows } = await db.query<VehicleViewRow>(
    `${VEHICLE_VIEW} WHERE ($1::uuid IS NULL OR customer_id = $1) AND vin > $2 ORDER BY vin LIMIT $3`,
    [args.customerId ?? null, args.afterVin ?? '', args.limit],
  );
  return rows.map(toVehicle);
}

export async function gatewayView(
  db: Queryable,
  gatewayId: string,
): Promise<{ gatewayId: string; name: string; registeredAt: string } | null> {
  const { rows } = await db.query<{ gateway_id: string; name: string; registered_at: Date }>(
    'SELECT gateway_id, name, registered_at FROM write_gateways WHERE gateway_id = $1',
    [gatewayId],
  );
  const r = rows[0];
  return r ? { gatewayId: r.gateway_id, name: r.name, registeredAt: r.registered_at.toISOString() } : null;
}
