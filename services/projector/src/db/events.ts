import type { Checkpoint, StoredEvent } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';

/** What the projection reads of a stored event. */
export type LogEvent = Pick<
  StoredEvent,
  'globalPosition' | 'transactionId' | 'type' | 'data' | 'metadata' | 'recordedAt'
>;

interface LogRow {
  global_position: number;
  transaction_id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_ms: number;
}

/**
 * The event store's readAll (same commit-safe condition and order: see READ_ALL_SQL in the event store), narrowed
 * to the columns the projection uses, with recorded_at as epoch milliseconds: catch-up reads tens of thousands of
 * rows per batch, and ids, stream columns and pg's timestamp parsing were a large share of its CPU and garbage.
 */
export async function readEvents(
  db: Queryable,
  after: Checkpoint,
  limit: number,
): Promise<{ events: LogEvent[]; checkpoint: Checkpoint }> {
  const { rows } = await db.query<LogRow>(
    `SELECT global_position, transaction_id, type, data, metadata,
       floor(extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_ms
     FROM events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY transaction_id, global_position
     LIMIT $3`,
    [after.transactionId, after.globalPosition, limit],
  );
  const events = rows.map((r): LogEvent => ({
    globalPosition: Number(r.global_position),
    transactionId: r.transaction_id,
    type: r.type,
    data: r.data,
    metadata: r.metadata,
    // Whole milliseconds, floored in SQL (exact numeric): what pg's own timestamp parsing gives a Date.
    recordedAt: new Date(r.recorded_ms),
  }));
  const last = events[events.length - 1];
  return {
    events,
    checkpoint: last ? { transactionId: last.transactionId, globalPosition: last.globalPosition } : after,
  };
}
