import { newEventId } from './event-id';
import type { AppendedEvent, NewEvent, Queryable } from './types';

/** An appended event with its place in its stream. */
export type PositionedEvent = AppendedEvent & { streamPosition: number };

/** A stale expected stream position: the caller decided on old state. Answer 409 and let it re-read. */
export class StreamConflictError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = 'StreamConflictError';
  }
}

interface AppendRow {
  o_event_id: string;
  o_global_position: number;
  o_stream_id: string;
  o_stream_position: number;
  o_transaction_id: string;
  o_recorded_at: Date;
}

/**
 * Appends `events` in one statement (so one transaction unless `db` is inside one) and returns them with their
 * positions, in the order given. `expected` maps stream ids to the position the caller last read (0: the stream
 * must not exist); a mismatch throws StreamConflictError and writes nothing. Readers waiting on LISTEN are
 * notified at commit.
 */
export async function appendEvents(
  db: Queryable,
  events: readonly NewEvent[],
  options: { expected?: Record<string, number> } = {},
): Promise<PositionedEvent[]> {
  if (events.length === 0) return [];
  const payload = events.map((e) => ({
    event_id: e.eventId ?? newEventId(),
    stream_id: e.streamId,
    type: e.type,
    data: e.data,
    metadata: e.metadata ?? {},
  }));
  try {
    const { rows } = await db.query<AppendRow>('SELECT * FROM append_events($1::jsonb, $2::jsonb)', [
      JSON.stringify(payload),
      options.expected ? JSON.stringify(options.expected) : null,
    ]);
    return rows.map((r) => ({
      eventId: r.o_event_id,
      globalPosition: Number(r.o_global_position),
      streamId: r.o_stream_id,
      streamPosition: Number(r.o_stream_position),
      transactionId: r.o_transaction_id,
      recordedAt: r.o_recorded_at,
    }));
  } catch (err) {
    if ((err as { code?: string }).code === 'VT409') throw new StreamConflictError((err as Error).message);
    throw err;
  }
}

/** The current position of a stream: its positioned events (unpositioned ones are not counted), 0 when none. */
export async function streamPosition(db: Queryable, streamId: string): Promise<number> {
  const { rows } = await db.query<{ stream_position: number }>(
    'SELECT stream_position FROM streams WHERE stream_id = $1',
    [streamId],
  );
  return Number(rows[0]?.stream_position ?? 0);
}
