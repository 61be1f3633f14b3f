// npm run bench -- projector: (1) catch-up rate of the projector (a real process) over BENCH_EVENTS (default 1M)
// heartbeat events of 10k vehicles; (2) under a steady 10k heartbeats/s, the time from a heartbeat's commit to its
// status change arriving at a LISTEN status_changed client (a never-seen vehicle going online).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { appendEvents } from '@vehicle-tracker/event-store';
import { createPool } from '@vehicle-tracker/db';
import { benchDatabase, percentile, rate, row } from './harness.mjs';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const VEHICLES = 10_000;
const BATCH = process.env.PROJECTOR_BATCH_SIZE ?? '20000';
const LOAD_PER_SECOND = 10_000;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
// The catch-up leaves every vehicle offline (its last heartbeat is minutes old), so the first second of load brings
// all 10k back online at once: a burst of status changes, not the steady state. Probes start after this warm-up
// (BENCH_WARMUP_SECONDS=0 measures from the first second, burst included).
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const MAIN = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'services',
  'projector',
  'dist',
  'main.js',
);
const CUSTOMER = '00000000-0000-4000-8000-000000000001';
const vin = (i, prefix = 'BENCH') => `${prefix}${String(i).padStart(17 - prefix.length, '0')}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Registry events through the store; the heartbeats generated server-side in one statement (fast to set up). */
async function seed(pool) {
  await appendEvents(pool, [
    {
      streamId: `customer-${CUSTOMER}`,
      type: 'CustomerRegistered',
      data: { customerId: CUSTOMER, name: 'Bench', address: '-' },
    },
  ]);
  for (let i = 0; i < VEHICLES; i += 1000) {
    await appendEvents(
      pool,
      Array.from({ length: 1000 }, (_, j) => ({
        streamId: `vehicle-${vin(i + j)}`,
        type: 'VehicleRegistered',
        data: { vin: vin(i + j), regNo: `B ${i + j}`, customerId: CUSTOMER, tokenHash: 'a'.repeat(64) },
      })),
    );
  }
  // Heartbeats every 30 s per vehicle over the past, one in eleven 45 s late (a gap past the 60 s timeout): the
  // catch-up also records offline intervals.
  await pool.query(
    `INSERT INTO events (event_id, stream_id, stream_position, type, data)
     SELECT gen_random_uuid(), 'vehicle-' || v, 1000 + n, 'HeartbeatRecorded',
       jsonb_build_object('vin', v, 'receivedAt',
         to_char((now() - $3::int * interval '1 second' + ((n / $2::int) * 30 + CASE WHEN n % 11 = 0 THEN 45 ELSE 0 END)
                   * interval '1 second') AT TIME ZONE 'UTC',
                 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM generate_series(0, $1::int - 1) AS n,
          LATERAL (SELECT 'BENCH' || lpad((n % $2::int)::text, 12, '0') AS v) x`,
    [TOTAL, VEHICLES, Math.ceil(TOTAL / VEHICLES) * 30 + 120],
  );
}

async function head(pool) {
  const { rows } = await pool.query(
    `SELECT (SELECT max(global_position) FROM events) AS head, (SELECT global_position FROM rm.checkpoint) AS at`,
  );
  return rows[0];
}

function startProjector(url) {
  // BENCH_NODE_ARGS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof', to profile the projector process.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'warn',
      PROJECTOR_BATCH_SIZE: BATCH,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function catchUp(pool, url) {
  const { head: target } = await head(pool);
  const child = startProjector(url);
  let started;
  for (;;) {
    const { at } = await head(pool);
    if (at && !started) started = performance.now(); // first batch committed: the process is up
    if (at >= target) break;
    await sleep(20);
  }
  const ms = performance.now() - started;
  return { child, ms };
}

/**
 * Steady load of 10k heartbeats/s in batches every 10 ms; after the warm-up, one batch in ten carries a never-seen
 * probe vehicle.
 */
async function liveLatency(pool, url) {
  const probes = 2000;
  await appendEvents(
    pool,
    Array.from({ length: probes }, (_, i) => ({
      streamId: `vehicle-${vin(i, 'PRB')}`,
      type: 'VehicleRegistered',
      data: { vin: vin(i, 'PRB'), regNo: `P ${i}`, customerId: CUSTOMER, tokenHash: 'a'.repeat(64) },
    })),
  );
  await sleep(500);
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  // Its own connection: the pool is busy with the appends, and a fetch queued behind them would return rows
  // committed after the notification it answers (negative latencies).
  const fetcher = new pg.Client({ connectionString: url });
  await fetcher.connect();
  const committedAt = new Map();
  const latencies = [];
  let lastId = (await listener.query('SELECT coalesce(max(id), 0) AS id FROM status_changes')).rows[0].id;
  let fetching = Promise.resolve();
  listener.on('notification', (msg) => {
    const seenAt = performance.now();
    // The payload is the highest id of the notifying commit: only rows up to it arrived with this notification.
    const upTo = Number(msg.payload);
    fetching = fetching.then(async () => {
      const { rows } = await fetcher.query(
        `SELECT id, vin FROM status_changes WHERE id > $1 AND id <= $2 AND status = 'online' AND vin LIKE 'PRB%'
         ORDER BY id`,
        [lastId, upTo],
      );
      lastId = Math.max(lastId, upTo);
      for (const r of rows) {
        const t = committedAt.get(r.vin);
        if (t !== undefined) latencies.push(seenAt - t);
        committedAt.delete(r.vin);
      }
    });
  });
  await listener.query('LISTEN status_changed');
  const perTick = LOAD_PER_SECOND / 100;
  let probe = 0;
  let sent = 0;
  let failed = 0;
  const start = performance.now();
  const warmupTicks = WARMUP_SECONDS * 100;
  for (let tick = 0; tick < warmupTicks + LOAD_SECONDS * 100; tick++) {
    const due = start + tick * 10;
    if (performance.now() < due) await sleep(due - performance.now());
    const events = Array.from({ length: perTick }, (_, j) => {
      const v = vin((tick * perTick + j) % VEHICLES);
      return {
        streamId: `vehicle-${v}`,
        type: 'HeartbeatRecorded',
        data: { vin: v, receivedAt: new Date().toISOString() },
      };
    });
    const isProbe = tick >= warmupTicks && tick % 10 === 0 && probe < probes;
    const probeVin = isProbe ? vin(probe++, 'PRB') : undefined;
    if (probeVin)
      events.push({
        streamId: `vehicle-${probeVin}`,
        type: 'HeartbeatRecorded',
        data: { vin: probeVin, receivedAt: new Date().toISOString() },
      });
    // Fire and forget at a fixed rate (several appends in flight), like concurrent HTTP requests.
    void appendEvents(pool, events).then(
      () => {
        sent += events.length;
        if (probeVin) committedAt.set(probeVin, performance.now());
      },
      () => (failed += 1), // e.g. the pool's connect timeout when the database falls behind: counted, not fatal
    );
  }
  const elapsed = (performance.now() - start) / 1000;
  await sleep(1500);
  await fetching;
  await listener.end();
  await fetcher.end();
  latencies.sort((a, b) => a - b);
  return { sent, failed, elapsed, latencies, probes: probe };
}

export async function run() {
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 8 });
  let child;
  try {
    const seeded = performance.now();
    await seed(pool);
    console.log(
      `projector: ${TOTAL} heartbeat events of ${VEHICLES} vehicles seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    const result = await catchUp(pool, db.url);
    child = result.child;
    row(`catch-up (batch ${BATCH}, one process)`, rate(TOTAL, result.ms), 'events/s (target >= 100k)');
    row('catch-up time', (result.ms / 1000).toFixed(1), 's');
    const live = await liveLatency(pool, db.url);
    row('steady load offered', Math.round(live.sent / live.elapsed), 'heartbeats/s');
    if (live.failed) row('appends failed (bench pool)', live.failed, 'batches');
    row(
      `commit -> status change, p50 (${live.latencies.length}/${live.probes}, warm-up ${WARMUP_SECONDS} s)`,
      percentile(live.latencies, 50).toFixed(1),
      'ms',
    );
    row(
      'commit -> status change at listener, p99',
      percentile(live.latencies, 99).toFixed(1),
      'ms (target < 500)',
    );
    row('commit -> status change at listener, max', live.latencies.at(-1)?.toFixed(1), 'ms');
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await pool.end();
    await db.stop();
  }
}
