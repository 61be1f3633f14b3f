import type { SeedSearchItem } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';

/** Id and name of every customer, for matching names in JavaScript (Unicode case folding as the projector's). */
export async function customerNames(db: Queryable): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ customer_id: string; name: string }>(
    'SELECT customer_id, name FROM rm.customers',
  );
  return rows.map((r) => ({ id: r.customer_id, name: r.name }));
}

interface SeedRow {
  vin: string;
  reg_no: string;
  last_heartbeat_at: Date | null;
  status: string;
  customer_id: string;
  name: string;
  address: string;
}

/**
 * Live (not retired) vehicles in the seed's shape, optionally only those of `customerIds` and only (not) online.
 * Ordered by customer name, then VIN.
 */
export async function seedSearch(
  db: Queryable,
  filter: { customerIds?: string[]; online?: boolean },
): Promise<SeedSearchItem[]> {
  const params: unknown[] = [];
  const where = ['v.retired_at IS NULL'];
  if (filter.customerIds) {
    params.push(filter.customerIds);
    where.push(`v.customer_id = ANY($${params.length}::uuid[])`);
  }
  if (filter.online !== undefined) where.push(filter.online ? `v.status = 'online'` : `v.status <> 'online'`);
  const { rows } = await db.query<SeedRow>(
    `SELECT v.vin, v.reg_no, v.last_heartbeat_at, v.status, c.customer_id, c.name, c.address
       FROM rm.vehicles v JOIN rm.customers c ON c.customer_id = v.customer_id
      WHERE ${where.join(' AND ')}
      ORDER BY lower(c.name), v.vin`,
    params,
  );
  return rows.map((r) => ({
    id: r.vin,
    reg_no: r.reg_no,
    heartbeat_ts: r.last_heartbeat_at?.toISOString() ?? null,
    online: r.status === 'online',
    customer: { id: r.customer_id, name: r.name, address: r.address },
  }));
}
