import { newEventId } from './event-id';
import { jsonbParam } from './json-bytes';
import { int4ArrayParam, textArrayParam } from './pg-binary';
import type { AppendedEvent, NewEvent, Queryable } from './types';

/**
 * One statement. The columns come as parallel arrays zipped by ROWS FROM in order: ids and stream ids as text[],
 * data as one JSON array, and per row a kind: an index into $3, the distinct [type, metadata] pairs of the batch
 * (a gateway request's 1000 heartbeats share one: parsing it once per row was a fifth of the statement's CPU).
 * All go as binary parameters (pg-binary.ts, json-bytes.ts). Measured per 1000-row batch, the backend spends
 * ~14 ms of CPU on it against ~11 ms for a COPY of the same rows (18-22 ms for its first, text-format version).
 *
 * Rows go in in the order given (ROWS FROM ... WITH ORDINALITY, ORDER BY ord), each takes its global position
 * from the sequence as it goes in, and one session's sequence values only grow: so the statement's positions,
 * sorted, are the events' positions in the order given. They come back as one row of text (returning the ids as
 * well, to match them up, cost a sixth of the statement's CPU). The NOTIFY is append_events', delivered at
 * commit. transaction_id and recorded_at take their column defaults, as append_events' rows do, so readAll's
 * commit-safe order covers these rows unchanged.
 */
export const APPEND_UNPOSITIONED_SQL = `
  WITH appended AS (
    INSERT INTO events (event_id, stream_id, type, data, metadata)
    SELECT e.event_id::uuid, e.stream_id, $3::jsonb -> e.kind ->> 0, e.data, $3::jsonb -> e.kind -> 1
    FROM ROWS FROM (
      unnest($1::text[]), unnest($2::text[]), jsonb_array_elements($4::jsonb), unnest($5::int[])
    ) WITH ORDINALITY AS e(event_id, stream_id, data, kind, ord)
    ORDER BY e.ord
    RETURNING global_position, transaction_id, recorded_at
  )
  SELECT string_agg(global_position::text, ',' ORDER BY global_position) AS positions,
         min(transaction_id::text) AS transaction_id,
         min(recorded_at) AS recorded_at,
         pg_notify('events_appended', '') AS notified
  FROM appended`;

const NO_METADATA = {};

interface Row {
  positions: string;
  transaction_id: string;
  recorded_at: Date;
}

/** The batch as columns; kinds are [type, metadata] pairs, metadata told apart by identity (copies are merely sent twice). */
function columns(events: readonly NewEvent[]) {
  const n = events.length;
  const ids = new Array<string>(n);
  const streamIds = new Array<string>(n);
  const data = new Array<unknown>(n);
  const kindOf = new Array<number>(n);
  const kinds: [string, Record<string, unknown>][] = [];
  const byType = new Map<string, Map<object, number>>();
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    ids[i] = e.eventId === undefined ? newEventId() : e.eventId.toLowerCase(); // as PostgreSQL prints it
    streamIds[i] = e.streamId;
    data[i] = e.data;
    const metadata = e.metadata ?? NO_METADATA;
    let byMetadata = byType.get(e.type);
    if (!byMetadata) byType.set(e.type, (byMetadata = new Map()));
    let k = byMetadata.get(metadata);
    if (k === undefined) byMetadata.set(metadata, (k = kinds.push([e.type, metadata]) - 1));
    kindOf[i] = k;
  }
  return { ids, streamIds, data, kindOf, kinds };
}

/**
 * Appends events that take no stream position (streamPosition null): no `streams` row is touched and nothing is
 * checked against an expected position, so it cannot conflict. For events that need no optimistic concurrency,
 * such as heartbeats; a stream may mix them with positioned events (appendEvents), whose numbering they leave
 * alone. Returns them in the order given; readers are notified at commit, and readAll sees them in the same
 * commit-safe order as any other event.
 */
export async function appendUnpositioned(
  db: Queryable,
  events: readonly NewEvent[],
): Promise<AppendedEvent[]> {
  if (events.length === 0) return [];
  const { ids, streamIds, data, kindOf, kinds } = columns(events);
  const { rows } = await db.query<Row>(APPEND_UNPOSITIONED_SQL, [
    textArrayParam(ids),
    textArrayParam(streamIds),
    jsonbParam(kinds),
    jsonbParam(data),
    int4ArrayParam(kindOf),
  ]);
  const row = rows[0]!;
  const positions = row.positions.split(',');
  if (positions.length !== ids.length)
    throw new Error(`appended ${positions.length} of ${ids.length} events`);
  return ids.map((eventId, i) => ({
    eventId,
    globalPosition: Number(positions[i]),
    streamId: streamIds[i]!,
    streamPosition: null,
    transactionId: row.transaction_id,
    recordedAt: row.recorded_at,
  }));
}
