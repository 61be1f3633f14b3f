import type { Queryable } from '@vehicle-tracker/service-kit';
import type { StatusChange } from '../domain/model';

/** The channel the query service listens on; the payload is the highest status_changes id, as text. */
export const STATUS_CHANNEL = 'status_changed';

/**
 * Appends status changes to the live feed and notifies at commit (same transaction as the read-model rows, so a
 * listener never sees a change the model does not have yet). The feed lives outside rm: it survives a rebuild swap.
 */
export async function publishStatusChanges(db: Queryable, changes: StatusChange[]): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `WITH inserted AS (
       INSERT INTO status_changes (vin, customer_id, status, at, last_heartbeat_at)
       SELECT vin, "customerId", status, at, "lastHeartbeatAt" FROM json_to_recordset($1::json)
         AS u(vin text, "customerId" uuid, status text, at timestamptz, "lastHeartbeatAt" timestamptz)
       RETURNING id
     )
     SELECT pg_notify('${STATUS_CHANNEL}', max(id)::text) FROM inserted`,
    // One JSON parameter: StatusChange is already the row, and JSON.stringify is cheaper than pg's arrays.
    [JSON.stringify(changes)],
  );
}

/** Drops feed rows older than `maxAgeSeconds` (clients resuming from older ids refetch a snapshot instead). */
export async function pruneStatusChanges(db: Queryable, maxAgeSeconds: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM status_changes WHERE created_at < now() - $1 * interval '1 second'`,
    [maxAgeSeconds],
  );
  return rowCount ?? 0;
}
