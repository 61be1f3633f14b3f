import type { Queryable } from '@vehicle-tracker/service-kit';
import type { StatusChange } from '../domain/model';
import { ms, msToTime, numberArray, textArray } from './arrays';
import type { Statement } from './statement';

/** The channel the query service listens on; the payload is the highest status_changes id, as text. */
export const STATUS_CHANNEL = 'status_changed';

/**
 * Appends status changes to the live feed and notifies at commit (same transaction as the read-model rows, so a
 * listener never sees a change the model does not have yet). The feed lives outside rm: it survives a rebuild swap.
 */
export function statusChangeInsert(changes: readonly StatusChange[]): Statement | null {
  if (changes.length === 0) return null;
  return {
    text: `WITH inserted AS (
       INSERT INTO status_changes (vin, customer_id, status, at, last_heartbeat_at)
       SELECT v, c, st, ${msToTime('a')}, ${msToTime('h')}
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::int8[], $5::int8[]) AS u(v, c, st, a, h)
       RETURNING id
     )
     SELECT pg_notify('${STATUS_CHANNEL}', max(id)::text) FROM inserted`,
    values: [
      textArray(changes.map((c) => c.vin)),
      textArray(changes.map((c) => c.customerId)),
      textArray(changes.map((c) => c.status)),
      numberArray(changes.map((c) => c.at.getTime())),
      numberArray(changes.map((c) => ms(c.lastHeartbeatAt))),
    ],
  };
}

/** Drops feed rows older than `maxAgeSeconds` (clients resuming from older ids refetch a snapshot instead). */
export async function pruneStatusChanges(db: Queryable, maxAgeSeconds: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM status_changes WHERE created_at < now() - $1 * interval '1 second'`,
    [maxAgeSeconds],
  );
  return rowCount ?? 0;
}
