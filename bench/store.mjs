// npm run bench -- store: 100k events appended through the store in batches of 1000, next to a raw multi-row
// INSERT of the same rows into the same table, in the same run. Alternates the two and keeps each one's best.
import { appendEvents, newEventId } from '@vehicle-tracker/event-store';
import { createPool } from '@vehicle-tracker/db';
import { benchDatabase, rate, row } from './harness.mjs';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = 1000;
const VEHICLES = 10_000;

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

async function viaStore(pool) {
  const started = performance.now();
  for (let i = 0; i < TOTAL; i += BATCH) {
    await appendEvents(
      pool,
      Array.from({ length: BATCH }, (_, j) => heartbeat(i + j)),
    );
  }
  return performance.now() - started;
}

let rawPosition = 1_000_000_000; // stream positions of the raw rows, clear of the store's
async function viaRawInsert(pool) {
  const started = performance.now();
  for (let i = 0; i < TOTAL; i += BATCH) {
    const params = [];
    const values = [];
    for (let j = 0; j < BATCH; j++) {
      const e = heartbeat(i + j);
      const k = params.length;
      params.push(
        e.eventId,
        e.streamId,
        rawPosition++,
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      );
      values.push(`($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5}, $${k + 6})`);
    }
    await pool.query(
      `INSERT INTO events (event_id, stream_id, stream_position, type, data, metadata) VALUES ${values.join(',')}`,
      params,
    );
  }
  return performance.now() - started;
}

export async function run() {
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 4 });
  try {
    await viaStore(pool); // warm up: creates the 10k streams, so both sides then append to existing ones
    let store = Infinity;
    let raw = Infinity;
    for (let round = 0; round < 3; round++) {
      raw = Math.min(raw, await viaRawInsert(pool));
      store = Math.min(store, await viaStore(pool));
    }
    console.log(`store: ${TOTAL} events in batches of ${BATCH}, best of 3`);
    row('raw multi-row INSERT', rate(TOTAL, raw), 'rows/s');
    row('appendEvents (positions, streams, notify)', rate(TOTAL, store), 'rows/s');
    row('store / raw', `${Math.round((raw / store) * 100)}`, '% (target >= 70 %)');
  } finally {
    await pool.end();
    await db.stop();
  }
}
