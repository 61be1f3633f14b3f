import type { Checkpoint } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { readEventsAt, readLogLines, type LogEvent } from '../db/events';
import { heartbeatTime, parseEvent, type ParsedEvent } from './parse-events';

/**
 * A batch of the log, in commit order, as the fold consumes it. Event i is either a heartbeat on the fast path
 * (`vins[i]` and `receivedAt[i]`, epoch milliseconds) or, with `vins[i]` null, `events.get(i)` (parsed with zod;
 * absent when it did not parse: then it is in `skipped`). Columns rather than an object per event: a catch-up
 * page holds up to a hundred thousand events while the previous batch is written.
 */
export interface LogPage {
  size: number;
  /** What the page weighs in memory from its read to its write, estimated (see HEARTBEAT_BYTES): sizes batches. */
  bytes: number;
  checkpoint: Checkpoint;
  /** recorded_at of the newest event (for the lag metric). */
  newest: Date | null;
  vins: (string | null)[];
  receivedAt: Float64Array;
  events: Map<number, ParsedEvent>;
  skipped: LogEvent[];
}

export function emptyPage(checkpoint: Checkpoint): LogPage {
  const page = { size: 0, bytes: 0, checkpoint, newest: null, vins: [], receivedAt: new Float64Array(0) };
  return { ...page, events: new Map(), skipped: [] };
}

/**
 * Heap per event of a catch-up page, from its read to its statements (measured with 100k events, gc'd between
 * steps): a fast-path heartbeat is a line of the page's text, a VIN slice and a number, ~100 B (its fold adds a
 * little per vehicle, not per event); any other event is a pg row, a JSON body, a zod copy, then (a registration)
 * a new row, an interval and its share of the upsert's arrays, ~1,550 B.
 */
export const HEARTBEAT_BYTES = 100;
export const PARSED_EVENT_BYTES = 1600;

const QUOTE = 34;
const VIN_LENGTH = 17;

/** Reads up to `limit` events after `after` (commit-safe order, see readLogLines) as a page. */
export async function readPage(db: Queryable, after: Checkpoint, limit: number): Promise<LogPage> {
  const log = await readLogLines(db, after, limit);
  if (log.count === 0) return emptyPage(after);
  const text = log.lines;
  const vins: (string | null)[] = new Array<string | null>(log.count).fill(null);
  const receivedAt = new Float64Array(log.count);
  const others: { index: number; position: number }[] = [];
  let start = 0;
  for (let i = 0; i < log.count; i++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    // `<position> "<vin>""<receivedAt>"`: the quotes are where a 17-character VIN puts them, or it is no fast path.
    const vinAt = space + 2;
    const ok =
      space > start &&
      space < end &&
      text.charCodeAt(vinAt - 1) === QUOTE &&
      text.charCodeAt(vinAt + VIN_LENGTH) === QUOTE &&
      text.charCodeAt(vinAt + VIN_LENGTH + 1) === QUOTE &&
      text.charCodeAt(end - 1) === QUOTE &&
      end - 1 > vinAt + VIN_LENGTH + 2;
    const vin = ok ? text.slice(vinAt, vinAt + VIN_LENGTH) : '';
    const at = ok ? heartbeatTime(vin, text.slice(vinAt + VIN_LENGTH + 2, end - 1)) : NaN;
    if (Number.isNaN(at)) {
      others.push({
        index: i,
        position: Number(text.slice(start, space > start && space < end ? space : end)),
      });
    } else {
      vins[i] = vin;
      receivedAt[i] = at;
    }
    start = end + 1;
  }
  const { events, skipped } = await readOthers(db, others);
  const newest = log.newestMs === null ? null : new Date(log.newestMs);
  const bytes = (log.count - others.length) * HEARTBEAT_BYTES + others.length * PARSED_EVENT_BYTES;
  return { size: log.count, bytes, checkpoint: log.checkpoint, newest, vins, receivedAt, events, skipped };
}

/** The events off the fast path: read whole and parsed with zod, keyed by their index in the page. */
async function readOthers(
  db: Queryable,
  others: readonly { index: number; position: number }[],
): Promise<{ events: Map<number, ParsedEvent>; skipped: LogEvent[] }> {
  const events = new Map<number, ParsedEvent>();
  const skipped: LogEvent[] = [];
  if (others.length === 0) return { events, skipped };
  const stored = await readEventsAt(
    db,
    others.map((o) => o.position),
  );
  // Events are never deleted: a missing one is a bug, and folding without it would lose it for good.
  if (stored.length !== others.length) throw new Error('events read by position are missing');
  const indexOf = new Map(others.map((o) => [o.position, o.index]));
  for (const s of stored) {
    const parsed = parseEvent(s);
    if (parsed) events.set(indexOf.get(s.globalPosition)!, parsed);
    else skipped.push(s);
  }
  return { events, skipped };
}
