import type { StatusEventData, VehicleStatus } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';

export interface StatusChange {
  id: number;
  data: StatusEventData;
}

interface ChangeRow {
  id: number;
  vin: string;
  customer_id: string;
  status: VehicleStatus;
  at: Date;
  last_heartbeat_at: Date | null;
}

const toChange = (r: ChangeRow): StatusChange => ({
  id: r.id,
  data: {
    vin: r.vin,
    customerId: r.customer_id,
    status: r.status,
    at: r.at.toISOString(),
    lastSeenAt: r.last_heartbeat_at?.toISOString() ?? null,
  },
});

/** Status changes after `afterId` (up to `untilId` when given, optionally one customer's), oldest first. */
export async function changesAfter(
  db: Queryable,
  args: { afterId: number; untilId?: number; customerId?: string; limit: number },
): Promise<StatusChange[]> {
  const params: unknown[] = [args.afterId, args.limit];
  const where = ['id > $1'];
  if (args.untilId !== undefined) {
    params.push(args.untilId);
    where.push(`id <= $${params.length}`);
  }
  if (args.customerId !== undefined) {
    params.push(args.customerId);
    where.push(`customer_id = $${params.length}`);
  }
  const { rows } = await db.query<ChangeRow>(
    `SELECT id, vin, customer_id, status, at, last_heartbeat_at FROM status_changes
      WHERE ${where.join(' AND ')} ORDER BY id LIMIT $2`,
    params,
  );
  return rows.map(toChange);
}

/** Lowest and highest id still kept (both null while the feed is empty). */
export async function changeBounds(db: Queryable): Promise<{ min: number | null; max: number | null }> {
  const { rows } = await db.query<{ min: number | null; max: number | null }>(
    'SELECT min(id) AS min, max(id) AS max FROM status_changes',
  );
  return rows[0] ?? { min: null, max: null };
}

export interface CustomerCounts {
  id: string;
  online: number;
  offline: number;
  vehicleCount: number;
}

/** The projector's counters of every customer: one query per batch of changes, whatever the number of streams. */
export async function customerCounts(db: Queryable): Promise<CustomerCounts[]> {
  const { rows } = await db.query<{
    customer_id: string;
    online_count: number;
    offline_count: number;
    vehicle_count: number;
  }>('SELECT customer_id, online_count, offline_count, vehicle_count FROM rm.customers ORDER BY customer_id');
  return rows.map((r) => ({
    id: r.customer_id,
    online: r.online_count,
    offline: r.offline_count,
    vehicleCount: r.vehicle_count,
  }));
}
