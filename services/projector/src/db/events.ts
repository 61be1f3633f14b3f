import type { Checkpoint, StoredEvent } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';

/** What the projection reads of a stored event that is not on the heartbeat fast path. */
export type LogEvent = Pick<
  StoredEvent,
  'globalPosition' | 'transactionId' | 'type' | 'data' | 'metadata' | 'recordedAt'
>;

/** A page of the log as one text: one line per event, in commit order (see readLogLines). */
export interface LogLines {
  count: number;
  /** Where the page ends (`after` when it is empty). */
  checkpoint: Checkpoint;
  /** Newest recorded_at of the page, epoch milliseconds (null when empty). */
  newestMs: number | null;
  lines: string;
}

/**
 * The event store's readAll, same commit-safe condition and order (see READ_ALL_SQL in the event store: only
 * transactions older than every one still in flight), packed for catch-up: one row holding one line per event.
 * A heartbeat whose metadata is an object or array (what the fold's fast path accepts) gives
 * `<global_position> <data->'vin'><data->'receivedAt'>` (both as JSON text, e.g. `"1HGC…""2025-…Z"`); any other
 * event gives `<global_position>` alone, its body read with readEventsAt. Tens of thousands of rows per batch cost
 * pg a row object, a buffer slice per column and a JSON.parse per body each; one text costs one string.
 *
 * The last line is the last event in (transaction_id, global_position) order, so the checkpoint is its position
 * with the page's highest transaction id.
 */
export async function readLogLines(db: Queryable, after: Checkpoint, limit: number): Promise<LogLines> {
  const { rows } = await db.query<{
    count: number;
    last_transaction: string | null;
    newest_ms: number | null;
    lines: string | null;
  }>(
    `SELECT count(*)::int AS count, max(transaction_id)::text AS last_transaction,
       floor(extract(epoch FROM max(recorded_at)) * 1000)::float8 AS newest_ms,
       string_agg(line, E'\\n' ORDER BY transaction_id, global_position) AS lines
     FROM (
       SELECT transaction_id, global_position, recorded_at,
         CASE WHEN type = 'HeartbeatRecorded' AND jsonb_typeof(metadata) IN ('object', 'array')
           THEN concat(global_position, ' ', data->'vin', data->'receivedAt')
           ELSE global_position::text END AS line
       FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position
       LIMIT $3
     ) page`,
    [after.transactionId, after.globalPosition, limit],
  );
  const r = rows[0];
  if (!r || r.count === 0 || r.lines === null || r.last_transaction === null)
    return { count: 0, checkpoint: after, newestMs: null, lines: '' };
  const lastLine = r.lines.slice(r.lines.lastIndexOf('\n') + 1);
  const space = lastLine.indexOf(' ');
  return {
    count: r.count,
    checkpoint: {
      transactionId: r.last_transaction,
      globalPosition: Number(space < 0 ? lastLine : lastLine.slice(0, space)),
    },
    newestMs: r.newest_ms,
    lines: r.lines,
  };
}

interface LogRow {
  global_position: number;
  transaction_id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_ms: number;
}

/** Whole events by position (those readLogLines gives as a position only), in position order. */
export async function readEventsAt(db: Queryable, positions: readonly number[]): Promise<LogEvent[]> {
  if (positions.length === 0) return [];
  const { rows } = await db.query<LogRow>(
    `SELECT global_position, transaction_id::text AS transaction_id, type, data, metadata,
       floor(extract(epoch FROM recorded_at) * 1000)::float8 AS recorded_ms
     FROM events WHERE global_position = ANY($1::bigint[]) ORDER BY global_position`,
    [positions],
  );
  return rows.map((r): LogEvent => ({
    globalPosition: Number(r.global_position),
    transactionId: r.transaction_id,
    type: r.type,
    data: r.data,
    metadata: r.metadata,
    // Whole milliseconds, floored in SQL (exact numeric): what pg's own timestamp parsing gives a Date.
    recordedAt: new Date(r.recorded_ms),
  }));
}
