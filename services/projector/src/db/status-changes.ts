import type { Queryable } from '@vehicle-tracker/service-kit';
import type { StatusChange } from '../domain/model';
import { ms, msToTime, numberArray, textArray } from './arrays';
import { schemaName } from './schema';
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

/**
 * A rebuild's swap: publishes, in the caller's transaction, the state of every vehicle of `fresh` (the tables about
 * to be swapped in) that differs from its state in `shown` (the tables being swapped out), compared as the runner
 * publishes (finishBatch): status ('retired' once retired), since when, customer. The twin applies the log's tail
 * and the deadlines due at the swap without publishing; without this, those changes would never reach a dashboard.
 *
 * `shown` is what the feed's readers were told: the live runner writes each change of its tables and the feed
 * row announcing it in one transaction, so a vehicle's newest feed row is its state there (pruned or never
 * published: their snapshot came from those tables). Comparing with the tables rather than the feed needs no index
 * on status_changes (one on (vin, id) made every 5000-row feed insert 70% slower) and reads no feed: one join of two
 * primary keys. Returns how many were published; the caller notifies.
 */
export async function publishDrift(db: Queryable, fresh: string, shown: string): Promise<number> {
  const published = (t: string) =>
    `CASE WHEN ${t}.retired_at IS NULL THEN ${t}.status ELSE 'retired' END AS status,
     coalesce(${t}.retired_at, ${t}.status_since, ${t}.registered_at) AS at, ${t}.customer_id`;
  const { rowCount } = await db.query(
    `INSERT INTO status_changes (vin, customer_id, status, at, last_heartbeat_at)
     SELECT m.vin, m.customer_id, m.status, m.at, m.last_heartbeat_at
     FROM (SELECT v.vin, v.last_heartbeat_at, ${published('v')} FROM ${schemaName(fresh)}.vehicles v) m
     LEFT JOIN (SELECT o.vin, ${published('o')} FROM ${schemaName(shown)}.vehicles o) o USING (vin)
     WHERE (m.status, m.at, m.customer_id) IS DISTINCT FROM (o.status, o.at, o.customer_id)
     ORDER BY m.vin`,
  );
  return rowCount ?? 0;
}
