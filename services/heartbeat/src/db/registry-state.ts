import type { Queryable } from '@vehicle-tracker/event-store';
import type { CustomerState, GatewayState, VehicleState } from '../domain/registry';

// Each state is read with its stream's position in one statement (one snapshot), so the position is exactly the
// one the state was built from: the `expected` of the command that decides on it.

interface CustomerRow {
  customer_id: string;
  name: string;
  address: string;
  timeout_seconds: number | null;
  position: number;
}
const CUSTOMER_SELECT = `
  SELECT c.customer_id, c.name, c.address, c.timeout_seconds, coalesce(s.stream_position, 0) AS position
  FROM write_customers c LEFT JOIN streams s ON s.stream_id = 'customer-' || c.customer_id`;
const toCustomer = (r: CustomerRow): CustomerState => ({
  customerId: r.customer_id,
  name: r.name,
  address: r.address,
  timeoutSeconds: r.timeout_seconds,
  position: Number(r.position),
});

export async function findCustomer(db: Queryable, customerId: string): Promise<CustomerState | null> {
  const { rows } = await db.query<CustomerRow>(`${CUSTOMER_SELECT} WHERE c.customer_id = $1`, [customerId]);
  return rows[0] ? toCustomer(rows[0]) : null;
}

/** The customer whose name equals `name` ignoring case and surrounding spaces. */
export async function findCustomerByName(db: Queryable, name: string): Promise<CustomerState | null> {
  const { rows } = await db.query<CustomerRow>(
    `${CUSTOMER_SELECT} WHERE lower(btrim(c.name)) = lower(btrim($1))`,
    [name],
  );
  return rows[0] ? toCustomer(rows[0]) : null;
}

interface VehicleRow {
  vin: string;
  reg_no: string;
  customer_id: string;
  token_hash: string;
  timeout_seconds: number | null;
  retired_at: Date | null;
  position: number;
}

export async function findVehicle(db: Queryable, vin: string): Promise<VehicleState | null> {
  const { rows } = await db.query<VehicleRow>(
    `SELECT v.vin, v.reg_no, v.customer_id, v.token_hash, v.timeout_seconds, v.retired_at,
            coalesce(s.stream_position, 0) AS position
     FROM write_vehicles v LEFT JOIN streams s ON s.stream_id = 'vehicle-' || v.vin
     WHERE v.vin = $1`,
    [vin],
  );
  return rows[0] ? toVehicle(rows[0]) : null;
}

const toVehicle = (r: VehicleRow): VehicleState => ({
  vin: r.vin,
  regNo: r.reg_no,
  customerId: r.customer_id,
  tokenHash: r.token_hash,
  timeoutSeconds: r.timeout_seconds,
  retiredAt: r.retired_at,
  position: Number(r.position),
});

export async function findGateway(db: Queryable, gatewayId: string): Promise<GatewayState | null> {
  const { rows } = await db.query<{ gateway_id: string; name: string; token_hash: string; position: number }>(
    `SELECT g.gateway_id, g.name, g.token_hash, coalesce(s.stream_position, 0) AS position
     FROM write_gateways g LEFT JOIN streams s ON s.stream_id = 'gateway-' || g.gateway_id
     WHERE g.gateway_id = $1`,
    [gatewayId],
  );
  const r = rows[0];
  return r
    ? { gatewayId: r.gateway_id, name: r.name, tokenHash: r.token_hash, position: Number(r.position) }
    : null;
}

/** The states of several vehicles in one round trip (an import), by VIN; absent VINs are missing. */
export async function findVehicles(
  db: Queryable,
  vins: readonly string[],
): Promise<Map<string, VehicleState>> {
  if (vins.length === 0) return new Map();
  const { rows } = await db.query<VehicleRow>(
    `SELECT v.vin, v.reg_no, v.customer_id, v.token_hash, v.timeout_seconds, v.retired_at,
            coalesce(s.stream_position, 0) AS position
     FROM write_vehicles v LEFT JOIN streams s ON s.stream_id = 'vehicle-' || v.vin
     WHERE v.vin = ANY($1::text[])`,
    [vins],
  );
  return new Map(rows.map((r) => [r.vin, toVehicle(r)]));
}
