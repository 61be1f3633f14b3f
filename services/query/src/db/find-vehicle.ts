import type { VehicleDetail } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { iso, type VehicleSummaryRow } from './vehicle-row';

interface VehicleDetailRow extends VehicleSummaryRow {
  heartbeat_count: number;
  offline_at: Date | null;
  registered_at: Date;
  retired_at: Date | null;
}

/** A vehicle with what the history needs too (offline_at); retired ones included. Null when unknown. */
export interface FoundVehicle {
  detail: VehicleDetail;
  offlineAt: Date | null;
}

export async function findVehicle(db: Queryable, vin: string): Promise<FoundVehicle | null> {
  const { rows } = await db.query<VehicleDetailRow>(
    `SELECT v.vin, v.reg_no, v.customer_id, c.name AS customer_name, c.address AS customer_address, v.status,
            v.last_heartbeat_at, v.status_since, v.effective_timeout_seconds, v.heartbeat_count, v.offline_at,
            v.registered_at, v.retired_at
       FROM rm.vehicles v JOIN rm.customers c ON c.customer_id = v.customer_id
      WHERE v.vin = $1`,
    [vin],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    offlineAt: r.offline_at,
    detail: {
      vin: r.vin,
      regNo: r.reg_no,
      customer: { id: r.customer_id, name: r.customer_name, address: r.customer_address },
      status: r.status,
      lastSeenAt: iso(r.last_heartbeat_at),
      statusSince: iso(r.status_since),
      heartbeatCount: r.heartbeat_count,
      offlineTimeoutSeconds: r.effective_timeout_seconds,
      registeredAt: r.registered_at.toISOString(),
      retiredAt: iso(r.retired_at),
    },
  };
}
