import type { Queryable } from '@vehicle-tracker/event-store';
import { HeartbeatRecorded, streams } from '@vehicle-tracker/contracts';
import type { Ack } from './heartbeat-load';

interface Row {
  event_id: string;
  global_position: number;
  stream_id: string;
  stream_position: number;
  type: string;
  data: unknown;
  metadata: unknown;
}

export interface LogCheck {
  /** Acknowledged heartbeats found in the log as promised. */
  ackedChecked: number;
  /** Heartbeats in the log that nobody saw acknowledged (the answer was lost with the process): allowed. */
  unacknowledgedInLog: number;
  problems: string[];
}

/**
 * Checks the promise "acked means durable, never half-written" against the log: every 2xx is there with the id,
 * positions and sequence it was answered with; every heartbeat of these vehicles is a whole, valid event written
 * once per request (its sequence); every stream is numbered 1..n without holes and its head row agrees.
 */
export async function checkAckedHeartbeats(db: Queryable, acked: Ack[], vins: string[]): Promise<LogCheck> {
  const ids = vins.map((v) => streams.vehicle(v));
  const { rows } = await db.query<Row>(
    `SELECT event_id, global_position, stream_id, stream_position, type, data, metadata
       FROM events WHERE stream_id = ANY($1) ORDER BY stream_id, stream_position`,
    [ids],
  );
  const problems: string[] = [];
  const byId = new Map(rows.map((r) => [r.event_id, r]));
  const sequences = new Map<number, string>();
  for (const r of rows) {
    if (r.type !== 'HeartbeatRecorded') continue;
    const parsed = HeartbeatRecorded.safeParse({ type: r.type, data: r.data, metadata: r.metadata });
    if (!parsed.success)
      problems.push(`event ${r.event_id} is not a whole heartbeat: ${parsed.error.message}`);
    const seq = (r.data as { sequence?: number }).sequence;
    if (seq === undefined) continue;
    if (sequences.has(seq))
      problems.push(`sequence ${seq} written twice (${sequences.get(seq)}, ${r.event_id})`);
    sequences.set(seq, r.event_id);
  }
  for (const a of acked) {
    const r = byId.get(a.eventId);
    if (!r) problems.push(`acked heartbeat ${a.eventId} (${a.vin} #${a.sequence}) is missing`);
    else if (
      r.global_position !== a.position ||
      r.stream_position !== a.streamPosition ||
      r.stream_id !== streams.vehicle(a.vin) ||
      (r.data as { sequence?: number }).sequence !== a.sequence
    )
      problems.push(`acked heartbeat ${a.eventId} differs from its answer: ${JSON.stringify({ a, r })}`);
  }
  problems.push(...(await checkStreams(db, ids)));
  const heartbeats = rows.filter((r) => r.type === 'HeartbeatRecorded').length;
  return {
    ackedChecked: acked.length,
    unacknowledgedInLog: heartbeats - new Set(acked.map((a) => a.eventId)).size,
    problems: problems.slice(0, 20),
  };
}

/** Stream positions 1..n with no hole or repeat, and the streams row at n (heartbeats take none: migration 0007). */
async function checkStreams(db: Queryable, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ stream_id: string; n: number; max: number; head: number | null }>(
    `SELECT e.stream_id, count(e.stream_position)::int AS n, max(e.stream_position)::int AS max,
            (SELECT s.stream_position FROM streams s WHERE s.stream_id = e.stream_id)::int AS head
       FROM events e WHERE e.stream_id = ANY($1) GROUP BY e.stream_id`,
    [ids],
  );
  return rows
    .filter((r) => r.n !== r.max || r.head !== r.max)
    .map((r) => `stream ${r.stream_id}: ${r.n} events, highest position ${r.max}, head row ${r.head}`);
}
