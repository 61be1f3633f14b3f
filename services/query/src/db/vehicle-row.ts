import type { VehicleStatus, VehicleSummary } from '@vehicle-tracker/contracts';

/** The columns every vehicle list selects (live and asOf alike). */
export interface VehicleSummaryRow {
  vin: string;
  reg_no: string;
  customer_id: string;
  customer_name: string;
  customer_address: string;
  status: VehicleStatus;
  last_heartbeat_at: Date | null;
  status_since: Date | null;
  effective_timeout_seconds: number;
}

export const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function toVehicleSummary(row: VehicleSummaryRow): VehicleSummary {
  return {
    vin: row.vin,
    regNo: row.reg_no,
    customer: { id: row.customer_id, name: row.customer_name, address: row.customer_address },
    status: row.status,
    lastSeenAt: iso(row.last_heartbeat_at),
    statusSince: iso(row.status_since),
    offlineTimeoutSeconds: row.effective_timeout_seconds,
  };
}
