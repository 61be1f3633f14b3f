import type { Checkpoint, Queryable, StoredEvent } from './types';

interface EventRow {
  global_position: number;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_position: number | null;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

/**
 * Events after `after`, in commit-safe order. Only transactions older than every transaction still in flight
 * (`transaction_id < pg_snapshot_xmin(...)`) are read, so an event whose transaction commits after a later one
 * is read late instead of never: reading by `global_position > n` alone skips it for good.
 */
export const READ_ALL_SQL = `
  SELECT global_position, transaction_id, event_id, stream_id, stream_position, type, data, metadata, recorded_at
  FROM events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY transaction_id, global_position
  LIMIT $3`;

export async function readAll(
  db: Queryable,
  after: Checkpoint,
  limit: number,
): Promise<{ events: StoredEvent[]; checkpoint: Checkpoint }> {
  const { rows } = await db.query<EventRow>(READ_ALL_SQL, [after.transactionId, after.globalPosition, limit]);
  const events = rows.map(toStored);
  const last = events[events.length - 1];
  const checkpoint = last
    ? { transactionId: last.transactionId, globalPosition: last.globalPosition }
    : after;
  return { events, checkpoint };
}

/**
 * Every event of one stream in append order: the positioned ones in stream order, the unpositioned ones (no
 * stream position) where they were appended between them. Within one stream, global order follows stream order:
 * the streams row lock orders positioned appends, and each takes its global positions after that lock.
 * Unpositioned events are not in the (stream_id, stream_position) index, so a stream holding them is found by a
 * scan of events: for tests and tools, not for a request path.
 */
export async function readStream(db: Queryable, streamId: string): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT global_position, transaction_id, event_id, stream_id, stream_position, type, data, metadata, recorded_at
     FROM events WHERE stream_id = $1 ORDER BY global_position`,
    [streamId],
  );
  return rows.map(toStored);
}

function toStored(r: EventRow): StoredEvent {
  return {
    eventId: r.event_id,
    globalPosition: Number(r.global_position),
    transactionId: r.transaction_id,
    streamId: r.stream_id,
    streamPosition: r.stream_position === null ? null : Number(r.stream_position),
    type: r.type,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at,
  };
}
