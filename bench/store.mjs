// npm run bench -- store: 100k events appended through the store in batches of 1000, one batch at a time, next to
// a raw multi-row INSERT of the same rows into the same table, in the same run: positioned events (appendEvents:
// stream positions, the streams table, optimistic concurrency) and unpositioned ones (appendUnpositioned: what
// heartbeats take). Alternates the four and keeps each one's best.
import os from 'node:os';
import { appendEvents, appendUnpositioned, newEventId } from '@vehicle-tracker/event-store';
import { createPool } from '@vehicle-tracker/db';
import { benchDatabase, rate, row } from './harness.mjs';

const BATCH = 1000;
const VEHICLES = 10_000;

function sizes(quick) {
  return quick
    ? { total: 10_000, rounds: 1 }
    : { total: Number(process.env.BENCH_EVENTS ?? 100_000), rounds: 3 };
}

function heartbeat(i) {
  const vin = `BENCH${String(i % VEHICLES).padStart(12, '0')}`;
  return {
    eventId: newEventId(),
    streamId: `vehicle-${vin}`,
    type: 'HeartbeatRecorded',
    data: { vin, receivedAt: new Date().toISOString(), sequence: i },
    metadata: { source: 'bench', schemaVersion: 1 },
  };
}

async function timed(total, appendBatch) {
  const started = performance.now();
  for (let i = 0; i < total; i += BATCH)
    await appendBatch(Array.from({ length: BATCH }, (_, j) => heartbeat(i + j)));
  return rate(total, performance.now() - started);
}

let rawPosition = 1_000_000_000; // stream positions of the raw rows, clear of the store's

/** The same rows as one multi-row INSERT, with stream positions (as appendEvents writes them) or without. */
function rawInsert(pool, positioned) {
  return (events) => {
    const params = [];
    const values = [];
    for (const e of events) {
      const k = params.length;
      params.push(e.eventId, e.streamId, positioned ? rawPosition++ : null, e.type);
      params.push(JSON.stringify(e.data), JSON.stringify(e.metadata));
      values.push(`($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5}, $${k + 6})`);
    }
    return pool.query(
      `INSERT INTO events (event_id, stream_id, stream_position, type, data, metadata) VALUES ${values.join(',')}`,
      params,
    );
  };
}

/** Runs the store benchmark. `opts.quick`: 10k events, one round. Prints the figures and returns them. */
export async function run(opts = {}) {
  const s = sizes(opts.quick === true);
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 4 });
  try {
    const ways = {
      rawPositioned: rawInsert(pool, true),
      positioned: (events) => appendEvents(pool, events),
      rawUnpositioned: rawInsert(pool, false),
      unpositioned: (events) => appendUnpositioned(pool, events),
    };
    // Warm-up: creates the 10k streams, so the positioned appends then bump existing ones.
    await timed(Math.min(s.total, VEHICLES), ways.positioned);
    const best = {};
    for (let round = 0; round < s.rounds; round++)
      for (const [name, append] of Object.entries(ways))
        best[name] = Math.max(best[name] ?? 0, await timed(s.total, append));
    const load = os.loadavg()[0].toFixed(1);
    const percent = (a, b) => Math.round((best[a] / best[b]) * 100);
    console.log(
      `store: ${s.total} events in batches of ${BATCH}, one in flight, best of ${s.rounds} (cores: ${os.cpus().length}, load ${load})`,
    );
    row('raw multi-row INSERT, with stream positions', best.rawPositioned, 'rows/s');
    row('appendEvents (positions, streams, notify)', best.positioned, 'rows/s');
    row('appendEvents / raw', percent('positioned', 'rawPositioned'), '% (target >= 70 %)');
    row('raw multi-row INSERT, no stream positions', best.rawUnpositioned, 'rows/s');
    row('appendUnpositioned (heartbeats)', best.unpositioned, 'rows/s');
    row('appendUnpositioned / raw', percent('unpositioned', 'rawUnpositioned'), '% (target >= 70 %)');
    const figure = (label, way, raw, rawLabel) => ({
      label,
      value: best[way],
      unit: 'rows/s',
      ceiling: { label: rawLabel, value: best[raw] },
      target: { text: '>= 70 % of ceiling', met: best[way] >= 0.7 * best[raw] },
    });
    return {
      name: 'store',
      description:
        'The event store alone: batches of 1000 heartbeat-shaped events, one at a time, through the store next ' +
        'to a raw multi-row INSERT of the same rows into the same table.',
      figures: [
        figure(
          'appendEvents (positioned: streams, positions, notify)',
          'positioned',
          'rawPositioned',
          'raw multi-row INSERT, with stream positions',
        ),
        figure(
          'appendUnpositioned (heartbeats: no stream position)',
          'unpositioned',
          'rawUnpositioned',
          'raw multi-row INSERT, no stream positions',
        ),
      ],
      notes: [`load average ${load} on ${os.cpus().length} cores at the end of the run`],
    };
  } finally {
    await pool.end();
    await db.stop();
  }
}
