// npm run bench -- projector: (1) catch-up rate of the projector (a real process, its default batch sizes) over
// BENCH_EVENTS (default 1M) heartbeat events of 10k vehicles; (2) the ceiling next to it, measured in the same run:
// a raw upsert of 1000-row batches into a status table like rm.vehicles; (3) under a steady 10k heartbeats/s, the
// time from a heartbeat's commit to its status change arriving at a LISTEN status_changed client (a never-seen
// vehicle going online); (4) catch-up over BENCH_REGISTRATIONS (default 200k; the system bench projects 1M) vehicle registrations, a fleet import:
// events/s and the projector's peak RSS (registrations are heavier than heartbeats, and each one is a new row in
// the projector's fleet cache); (5) on the live projector (run between (1) and (3)), BENCH_FLIP_VEHICLES (default
// 100k) vehicles going silent, then a fifth of them due at once: from each deadline to its offline change at a
// listener. run({ quick: true }) is a smoke run with small sizes.
// runRegistrations() runs step (4) alone on a database of its own (A/B runs of the memory bound).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as store from '@vehicle-tracker/event-store';
import { createPool } from '@vehicle-tracker/db';
import { benchDatabase, percentile, rate, row } from './harness.mjs';

// BENCH_PROJECTOR_MAIN: another build of the service (e.g. a copy of an older dist/main.js, for A/B runs).
const MAIN =
  process.env.BENCH_PROJECTOR_MAIN ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'services', 'projector', 'dist', 'main.js');
const CUSTOMER = '00000000-0000-4000-8000-000000000001';
const CATCH_UP_TARGET = 100_000;
const LAG_TARGET_MS = 500;
const FLIP_TARGET_MS = 1000;
const BURST_DONE_EVENTS = 2000;
const MAX_WARMUP_SECONDS = 30;
const vin = (i, prefix = 'BENCH') => `${prefix}${String(i).padStart(17 - prefix.length, '0')}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
// Heartbeats take no stream position where the store offers it (what the heartbeat service appends).
const appendHeartbeats = store.appendUnpositioned ?? store.appendEvents;

/** The sizes, or (quick) a smoke run of the same steps. Environment variables override either. */
function sizes(quick) {
  const env = process.env;
  return {
    total: Number(env.BENCH_EVENTS ?? (quick ? 60_000 : 1_000_000)),
    vehicles: quick ? 2_000 : 10_000,
    loadPerSecond: 10_000,
    loadSeconds: Number(env.BENCH_LOAD_SECONDS ?? (quick ? 3 : 10)),
    // The catch-up leaves every vehicle offline (its last heartbeat is minutes old), so the first second of load
    // brings them all back online at once: a burst of status changes, not the steady state. Probes start after
    // this warm-up, and once the projector has worked the burst off (its checkpoint within BURST_DONE_EVENTS of
    // the log head), at most MAX_WARMUP_SECONDS in (BENCH_WARMUP_SECONDS=0 measures from the first second).
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? (quick ? 1 : 5)),
    ceilingRows: quick ? 20_000 : 200_000,
    registrations: Number(env.BENCH_REGISTRATIONS ?? (quick ? 20_000 : 200_000)),
    // Step (5): a fleet of this many vehicles goes silent; a fifth of them due at the same instant.
    flipVehicles: Number(env.BENCH_FLIP_VEHICLES ?? (quick ? 5_000 : 100_000)),
    flipSpreadSeconds: quick ? 5 : 30,
    timeoutMs: 60_000, // OFFLINE_AFTER's default, which the projector runs with
    // Unset: the service's own defaults (PROJECTOR_BATCH_SIZE, growing to PROJECTOR_MAX_BATCH_SIZE while behind).
    batch: env.PROJECTOR_BATCH_SIZE,
    maxBatch: env.PROJECTOR_MAX_BATCH_SIZE,
  };
}

/**
 * Registry events through the store, back-dated before the heartbeats; the heartbeats generated server-side in
 * one statement (fast to set up): every 30 s per vehicle over the past, one in eleven 45 s late (a gap past the
 * 60 s timeout), so the catch-up also records offline intervals and publishes status changes.
 */
async function seed(pool, s) {
  const span = Math.ceil(s.total / s.vehicles) * 30 + 120;
  await store.appendEvents(pool, [
    {
      streamId: `customer-${CUSTOMER}`,
      type: 'CustomerRegistered',
      data: { customerId: CUSTOMER, name: 'Bench', address: '-' },
    },
  ]);
  for (let i = 0; i < s.vehicles; i += 1000) {
    await store.appendEvents(
      pool,
      Array.from({ length: Math.min(1000, s.vehicles - i) }, (_, j) => ({
        streamId: `vehicle-${vin(i + j)}`,
        type: 'VehicleRegistered',
        data: { vin: vin(i + j), regNo: `B ${i + j}`, customerId: CUSTOMER, tokenHash: 'a'.repeat(64) },
      })),
    );
  }
  // Registered an hour before the first heartbeat: otherwise every interval would start at registration.
  await pool.query(`UPDATE events SET recorded_at = now() - ($1::int + 3600) * interval '1 second'`, [span]);
  await pool.query(
    `INSERT INTO events (event_id, stream_id, stream_position, type, data)
     SELECT gen_random_uuid(), 'vehicle-' || v, 1000 + n, 'HeartbeatRecorded',
       jsonb_build_object('vin', v, 'receivedAt',
         to_char((now() - $3::int * interval '1 second' + ((n / $2::int) * 30 + CASE WHEN n % 11 = 0 THEN 45 ELSE 0 END)
                   * interval '1 second') AT TIME ZONE 'UTC',
                 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM generate_series(0, $1::int - 1) AS n,
          LATERAL (SELECT 'BENCH' || lpad((n % $2::int)::text, 12, '0') AS v) x`,
    [s.total, s.vehicles, span],
  );
  await pool.query('VACUUM ANALYZE events');
}

async function head(pool) {
  const { rows } = await pool.query(
    `SELECT (SELECT max(global_position) FROM events) AS head, (SELECT global_position FROM rm.checkpoint) AS at`,
  );
  return rows[0];
}

function startProjector(url, s, extraEnv = {}) {
  // BENCH_NODE_ARGS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof', to profile the projector process.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const batches = {
    ...(s.batch ? { PROJECTOR_BATCH_SIZE: s.batch } : {}),
    ...(s.maxBatch ? { PROJECTOR_MAX_BATCH_SIZE: s.maxBatch } : {}),
  };
  return spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'warn',
      ...batches,
      ...extraEnv,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function catchUp(pool, url, s, extraEnv) {
  const { head: target } = await head(pool);
  const child = startProjector(url, s, extraEnv);
  let started;
  for (;;) {
    const { at } = await head(pool);
    if (at && !started) started = performance.now(); // first batch committed: the process is up
    if (at >= target) break;
    if (child.exitCode !== null)
      throw new Error(`the projector exited (${child.exitCode}) during the catch-up`);
    await sleep(20);
  }
  return { child, ms: performance.now() - started };
}

/** Peak resident set of a process so far (Linux: VmHWM), in MB; null where /proc is not there. */
async function peakRssMb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * A fleet import: `n` VehicleRegistered events of new vehicles (REG...) spread over 100 new customers, appended in
 * one statement server-side (fast to set up), as the registry would have written them.
 */
async function seedRegistrations(pool, n) {
  const customers = Array.from(
    { length: 100 },
    (_, i) => `00000000-0000-4000-8000-${String(i + 2).padStart(12, '0')}`,
  );
  await store.appendEvents(
    pool,
    customers.map((customerId, i) => ({
      streamId: `customer-${customerId}`,
      type: 'CustomerRegistered',
      data: { customerId, name: `Import ${i}`, address: 'Import Street 1' },
    })),
  );
  await pool.query(
    `INSERT INTO events (event_id, stream_id, stream_position, type, data, metadata)
     SELECT gen_random_uuid(), 'vehicle-' || v, 1, 'VehicleRegistered',
       jsonb_build_object('vin', v, 'regNo', 'IMP ' || n, 'customerId', ($2::text[])[1 + n % 100],
         'tokenHash', md5(v) || md5(v || 'x')),
       jsonb_build_object('correlationId', gen_random_uuid()::text, 'source', 'fleet-import', 'schemaVersion', 1)
     FROM generate_series(0, $1::int - 1) AS n,
          LATERAL (SELECT 'REG' || lpad(n::text, 14, '0') AS v) x`,
    [n, customers],
  );
  await pool.query('VACUUM ANALYZE events');
}

/**
 * Step (4): appends the registrations, then starts a projector (`extraEnv` added to its environment) that has only
 * them to apply, and measures its catch-up and its peak RSS. The projector is stopped at the end.
 */
async function registrationCatchUp(pool, url, s, extraEnv = {}) {
  await seedRegistrations(pool, s.registrations);
  const { child, ms } = await catchUp(pool, url, s, extraEnv);
  try {
    const peak = await peakRssMb(child.pid);
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM rm.vehicles WHERE vin LIKE 'REG%' AND status = 'never-seen'",
    );
    if (rows[0].n !== s.registrations)
      throw new Error(`${rows[0].n} of ${s.registrations} registered vehicles in rm.vehicles`);
    return { rate: rate(s.registrations, ms), ms, peakRssMb: peak };
  } finally {
    await stop(child);
  }
}

function printRegistrations(s, r) {
  row(`catch-up over ${s.registrations} vehicle registrations`, r.rate, 'events/s');
  row('  its time', (r.ms / 1000).toFixed(1), 's');
  row('  projector peak RSS (VmHWM)', r.peakRssMb ?? 'n/a', 'MB');
  row('  load average after it', load(), '(1, 5, 15 min)');
}

/** Step (4) alone, on a database of its own: `opts.env` is added to the projector's environment. */
export async function runRegistrations(opts = {}) {
  const s = sizes(opts.quick === true);
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 4 });
  try {
    const r = await registrationCatchUp(pool, db.url, s, opts.env);
    printRegistrations(s, r);
    return r;
  } finally {
    await pool.end();
    await db.stop();
  }
}

/**
 * The ceiling: upserts of 1000-row batches (the heartbeat fields, as most rows of a catch-up) into a copy of
 * rm.vehicles (same columns, indexes and fillfactor) holding the bench's fleet, with `inFlight` batches at a time.
 * Measured before the projector starts, so nothing else writes meanwhile.
 */
async function upsertCeiling(url, s, inFlight) {
  const pool = createPool(url, { max: inFlight });
  try {
    await pool.query(`DROP TABLE IF EXISTS bench_status;
      CREATE TABLE bench_status (LIKE rm.vehicles INCLUDING ALL) WITH (fillfactor = 50)`);
    await pool.query(
      `INSERT INTO bench_status (vin, reg_no, customer_id, customer_name, effective_timeout_seconds, status,
         registered_at, search_text)
       SELECT 'BENCH' || lpad(i::text, 12, '0'), 'B ' || i, $2, 'Bench', 60, 'never-seen', now(),
         lower('BENCH' || lpad(i::text, 12, '0') || ' b ' || i || ' bench')
       FROM generate_series(0, $1::int - 1) AS i`,
      [s.vehicles, CUSTOMER],
    );
    await pool.query('VACUUM ANALYZE bench_status');
    let next = 0;
    const batch = () => {
      const vins = [];
      const at = [];
      const counts = [];
      for (let i = 0; i < 1000; i++, next++) {
        vins.push(vin(next % s.vehicles));
        at.push(Date.now());
        counts.push(next);
      }
      return [`{${vins.join(',')}}`, `{${at.join(',')}}`, `{${counts.join(',')}}`];
    };
    const upsert = (params) =>
      pool.query(
        `INSERT INTO bench_status AS t (vin, reg_no, customer_id, customer_name, effective_timeout_seconds, status,
           last_heartbeat_at, offline_at, heartbeat_count, registered_at, search_text)
         SELECT u.v, '', '${CUSTOMER}', '', 60, 'online', 'epoch'::timestamptz + u.h * interval '1 ms',
           'epoch'::timestamptz + (u.h + 60000) * interval '1 ms', u.n, now(), ''
         FROM unnest($1::text[], $2::int8[], $3::int8[]) AS u(v, h, n)
         ON CONFLICT (vin) DO UPDATE SET last_heartbeat_at = excluded.last_heartbeat_at,
           offline_at = excluded.offline_at, heartbeat_count = excluded.heartbeat_count`,
        params,
      );
    const started = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (done < s.ceilingRows) {
          done += 1000;
          await upsert(batch());
        }
      }),
    );
    return rate(done, performance.now() - started);
  } finally {
    await pool.query('DROP TABLE IF EXISTS bench_status').catch(() => undefined);
    await pool.end();
  }
}

/** How many events the projector's checkpoint is behind the log head, polled every 100 ms on its own connection. */
function watchBehind(url) {
  const client = new pg.Client({ connectionString: url });
  const state = { events: Infinity, stopped: false };
  const polling = (async () => {
    await client.connect();
    while (!state.stopped) {
      const { rows } = await client.query(
        `SELECT (SELECT max(global_position) FROM events) - (SELECT global_position FROM rm.checkpoint) AS behind`,
      );
      state.events = Number(rows[0].behind);
      await sleep(100);
    }
    await client.end();
  })();
  return {
    get events() {
      return state.events;
    },
    stop: async () => {
      state.stopped = true;
      await polling;
    },
  };
}

/**
 * Steady load of 10k heartbeats/s in batches every 10 ms; after the warm-up, one batch in ten carries a never-seen
 * probe vehicle. Returns each probe's commit -> status change latency with its time since the load started.
 */
async function liveLatency(pool, url, s) {
  const probes = 2000;
  await store.appendEvents(
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
  const points = [];
  let lastId = (await listener.query('SELECT coalesce(max(id), 0) AS id FROM status_changes')).rows[0].id;
  let fetching = Promise.resolve();
  const start = performance.now();
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
        if (t !== undefined) points.push([(t - start) / 1000, seenAt - t]);
        committedAt.delete(r.vin);
      }
    });
  });
  await listener.query('LISTEN status_changed');
  const perTick = s.loadPerSecond / 100;
  let probe = 0;
  let sent = 0;
  let failed = 0;
  const behind = s.warmupSeconds > 0 ? watchBehind(url) : { events: 0, stop: async () => undefined };
  let probingFrom; // tick
  for (let tick = 0; probingFrom === undefined || tick < probingFrom + s.loadSeconds * 100; tick++) {
    const due = start + tick * 10;
    if (performance.now() < due) await sleep(due - performance.now());
    if (
      probingFrom === undefined &&
      tick >= s.warmupSeconds * 100 &&
      (behind.events <= BURST_DONE_EVENTS || tick >= MAX_WARMUP_SECONDS * 100)
    ) {
      probingFrom = tick;
      await behind.stop();
    }
    const events = Array.from({ length: perTick }, (_, j) => {
      const v = vin((tick * perTick + j) % s.vehicles);
      return {
        streamId: `vehicle-${v}`,
        type: 'HeartbeatRecorded',
        data: { vin: v, receivedAt: new Date().toISOString() },
      };
    });
    const isProbe = probingFrom !== undefined && tick % 10 === 0 && probe < probes;
    const probeVin = isProbe ? vin(probe++, 'PRB') : undefined;
    if (probeVin)
      events.push({
        streamId: `vehicle-${probeVin}`,
        type: 'HeartbeatRecorded',
        data: { vin: probeVin, receivedAt: new Date().toISOString() },
      });
    // Fire and forget at a fixed rate (several appends in flight), like concurrent HTTP requests.
    void appendHeartbeats(pool, events).then(
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
  points.sort((a, b) => a[0] - b[0]);
  const latencies = points.map((p) => p[1]).sort((a, b) => a - b);
  return { sent, failed, elapsed, latencies, points, probes: probe, warmup: probingFrom / 100 };
}

/**
 * Step (5), on the live projector, in two phases timed from each deadline to its offline change arriving at a
 * LISTEN status_changed client, on the bench's clock (the one that stamped the heartbeats):
 * - a fleet going silent: `flipVehicles` vehicles whose last heartbeats were spread over the heartbeat interval
 *   (`flipSpreadSeconds`), as a fleet that loses its network goes offline, each vehicle one timeout after its own
 *   last heartbeat; the first quarter came through gateways, a batch of 1000 received at the same instant;
 * - a mass expiry: a fifth of them back online with one and the same receipt time, so all are due at once: what
 *   the flip passes (FLIP_LIMIT vehicles per transaction) get through per second.
 */
async function deadlineFlips(pool, url, s) {
  const n = s.flipVehicles;
  const flipVin = (i) => vin(i, 'FLP');
  for (let i = 0; i < n; i += 1000)
    await store.appendEvents(
      pool,
      Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
        streamId: `vehicle-${flipVin(i + j)}`,
        type: 'VehicleRegistered',
        data: { vin: flipVin(i + j), regNo: `F ${i + j}`, customerId: CUSTOMER, tokenHash: 'a'.repeat(64) },
      })),
    );
  await waitCaughtUp(pool, 120_000);
  const feed = await offlineFeed(url);
  try {
    const spreadMs = s.flipSpreadSeconds * 1000;
    const gateways = Math.floor(n / 4000) * 1000;
    const base = Date.now() - 50_000; // the first due in 10 s
    // Spread evenly; a gateway's batch of 1000 shares the receipt time of its first vehicle.
    const heardAt = Array.from(
      { length: n },
      (_, i) => base + ((i < gateways ? i - (i % 1000) : i) / n) * spreadMs,
    );
    const silent = await expire(pool, feed, heardAt, s.timeoutMs);
    const burst = Math.round(n / 5);
    const once = Date.now() - 50_000;
    const expiry = await expire(pool, feed, heardAt.slice(0, burst).fill(once), s.timeoutMs);
    return { n, gateways, spreadSeconds: s.flipSpreadSeconds, silent, burst, expiry };
  } finally {
    await feed.end();
  }
}

/** Offline changes of FLP vehicles as they arrive on the status feed (LISTEN), with the time each arrived. */
async function offlineFeed(url) {
  const listener = new pg.Client({ connectionString: url });
  const fetcher = new pg.Client({ connectionString: url });
  await listener.connect();
  await fetcher.connect();
  let lastId = (await fetcher.query('SELECT coalesce(max(id), 0) AS id FROM status_changes')).rows[0].id;
  let fetching = Promise.resolve();
  const feed = { onOffline: () => undefined, settled: () => fetching };
  listener.on('notification', (msg) => {
    const seenAt = Date.now();
    const upTo = Number(msg.payload);
    fetching = fetching.then(async () => {
      const { rows } = await fetcher.query(
        `SELECT vin FROM status_changes WHERE id > $1 AND id <= $2 AND status = 'offline' AND vin LIKE 'FLP%'`,
        [lastId, upTo],
      );
      lastId = Math.max(lastId, upTo);
      for (const r of rows) feed.onOffline(Number(r.vin.slice(3)), seenAt);
    });
  });
  await listener.query('LISTEN status_changed');
  feed.end = async () => {
    await fetching;
    await listener.end();
    await fetcher.end();
  };
  return feed;
}

/**
 * Heartbeats of vehicles 0..heardAt.length-1 received at heardAt[i] (epoch ms), then waits for each one's offline
 * change on the feed; returns the sorted lateness (arrival - deadline) and how many never arrived.
 */
async function expire(pool, feed, heardAt, timeoutMs) {
  const n = heardAt.length;
  const lateness = new Map();
  feed.onOffline = (i, seenAt) => {
    if (i < n && !lateness.has(i)) lateness.set(i, Math.round(seenAt - (heardAt[i] + timeoutMs)));
  };
  for (let i = 0; i < n; i += 5000)
    await appendHeartbeats(
      pool,
      Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({
        streamId: `vehicle-${vin(i + j, 'FLP')}`,
        type: 'HeartbeatRecorded',
        data: { vin: vin(i + j, 'FLP'), receivedAt: new Date(heardAt[i + j]).toISOString() },
      })),
    );
  const until = Math.max(...heardAt) + timeoutMs + 30_000;
  while (lateness.size < n && Date.now() < until) await sleep(200);
  await feed.settled();
  return { lateness: [...lateness.values()].sort((a, b) => a - b), missing: n - lateness.size };
}

async function waitCaughtUp(pool, timeoutMs) {
  for (const until = Date.now() + timeoutMs; ;) {
    const { head: h, at } = await head(pool);
    if (Number(at) >= Number(h)) return;
    if (Date.now() > until) throw new Error('the projector did not catch up');
    await sleep(100);
  }
}

function flipFigures(f) {
  const stats = (xs) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), max: xs.at(-1) });
  const silent = stats(f.silent.lateness);
  const expiry = stats(f.expiry.lateness);
  const perSecond = Math.round(f.burst / (expiry.max / 1000));
  row(
    `deadline -> offline at listener, ${f.n} going silent over ${f.spreadSeconds} s, p50 / p99 / max`,
    `${silent.p50} / ${silent.p99} / ${silent.max}`,
    `ms (target p99 < ${FLIP_TARGET_MS})`,
  );
  row(
    `deadline -> offline at listener, ${f.burst} due at once, p50 / max`,
    `${expiry.p50} / ${expiry.max}`,
    `ms (${perSecond} flips/s)`,
  );
  const missed = f.silent.missing + f.expiry.missing;
  if (missed) row('flips never seen on the feed', missed, 'vehicles');
  return [
    {
      label:
        `deadline -> offline at a listener, p99: ${f.n} vehicles going silent, their last heartbeats spread over ` +
        `${f.spreadSeconds} s (${f.gateways} of them in gateway batches of 1000)`,
      value: silent.p99,
      unit: 'ms',
      target: {
        text: `< ${FLIP_TARGET_MS} ms, none missed (${f.silent.missing} missed)`,
        met: f.silent.missing === 0 && silent.p99 < FLIP_TARGET_MS,
      },
    },
    { label: '  the same, p50', value: silent.p50, unit: 'ms' },
    {
      label: `mass expiry: ${f.burst} vehicles due at the same instant, the last one on the feed after`,
      value: expiry.max,
      unit: `ms (${perSecond} flips/s, ${f.expiry.missing} missed)`,
    },
  ];
}

async function stop(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function run(opts = {}) {
  const s = sizes(opts.quick === true);
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 8 });
  let child;
  try {
    const seeded = performance.now();
    await seed(pool, s);
    console.log(
      `projector: ${s.total} heartbeat events of ${s.vehicles} vehicles seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    const ceiling1 = await upsertCeiling(db.url, s, 1);
    const ceiling4 = await upsertCeiling(db.url, s, 4);
    const loadBefore = load();
    const result = await catchUp(pool, db.url, s);
    child = result.child;
    const catchUpRate = rate(s.total, result.ms);
    const catchUpPeakMb = await peakRssMb(child.pid);
    const loadAfter = load();
    const batches =
      s.batch || s.maxBatch ? `batch ${s.batch ?? 'default'}..${s.maxBatch ?? 'default'}` : 'default batches';
    row(`catch-up (${batches}, one process)`, catchUpRate, `events/s (target >= ${CATCH_UP_TARGET / 1000}k)`);
    row('catch-up time', (result.ms / 1000).toFixed(1), 's');
    row('  projector peak RSS (VmHWM)', catchUpPeakMb ?? 'n/a', 'MB');
    row(
      'load average before / after the catch-up',
      `${loadBefore.split(' ')[0]} / ${loadAfter.split(' ')[0]}`,
      '(1 min)',
    );
    row('ceiling: upsert 1000-row batches, 1 in flight', ceiling1, 'rows/s');
    row('ceiling: upsert 1000-row batches, 4 in flight', ceiling4, 'rows/s');
    // Before the steady load: its 10k vehicles and probes all fall due a minute after it ends, a mass expiry of
    // their own that would land in the middle of this step's.
    const flips = s.flipVehicles > 0 ? flipFigures(await deadlineFlips(pool, db.url, s)) : [];
    const live = await liveLatency(pool, db.url, s);
    const p50 = percentile(live.latencies, 50);
    const p99 = percentile(live.latencies, 99);
    const max = live.latencies.at(-1);
    row('steady load offered', Math.round(live.sent / live.elapsed), 'heartbeats/s');
    if (live.failed) row('appends failed (bench pool)', live.failed, 'batches');
    row(
      `commit -> status change, p50 (${live.latencies.length}/${live.probes}, warm-up ${live.warmup} s)`,
      p50.toFixed(1),
      'ms',
    );
    row('commit -> status change at listener, p99', p99.toFixed(1), `ms (target < ${LAG_TARGET_MS})`);
    row('commit -> status change at listener, max', max?.toFixed(1), 'ms');
    row('load average after the steady load', load(), '(1, 5, 15 min)');
    await stop(child);
    child = undefined;
    const registrations = s.registrations > 0 ? await registrationCatchUp(pool, db.url, s) : null;
    if (registrations) printRegistrations(s, registrations);
    return {
      name: 'projector',
      figures: [
        {
          label: `catch-up over ${s.total} heartbeat events of ${s.vehicles} vehicles`,
          value: catchUpRate,
          unit: 'events/s',
          ceiling: {
            label: 'raw upsert of 1000-row batches into a status table, 1 in flight (rows/s)',
            value: ceiling1,
          },
          target: { text: `>= ${CATCH_UP_TARGET} events/s`, met: catchUpRate >= CATCH_UP_TARGET },
        },
        {
          label: 'raw upsert of 1000-row batches into a status table, 4 in flight',
          value: ceiling4,
          unit: 'rows/s',
        },
        {
          label: `commit -> status change at a listener, p99 (${s.loadPerSecond} heartbeats/s offered, after a ${live.warmup} s warm-up)`,
          value: Number(p99.toFixed(1)),
          unit: 'ms',
          target: { text: `< ${LAG_TARGET_MS} ms`, met: p99 < LAG_TARGET_MS },
        },
        { label: 'commit -> status change at a listener, p50', value: Number(p50.toFixed(1)), unit: 'ms' },
        ...flips,
        ...(catchUpPeakMb === null
          ? []
          : [{ label: 'projector peak RSS, heartbeat catch-up', value: catchUpPeakMb, unit: 'MB' }]),
        ...(registrations
          ? [
              {
                label: `catch-up over ${s.registrations} vehicle registrations`,
                value: registrations.rate,
                unit: 'events/s',
              },
              ...(registrations.peakRssMb === null
                ? []
                : [
                    {
                      label: 'projector peak RSS, registration catch-up',
                      value: registrations.peakRssMb,
                      unit: 'MB',
                    },
                  ]),
            ]
          : []),
      ],
      series: [
        {
          title: 'Projection lag over time',
          x: { label: 'seconds since load start' },
          y: { label: 'lag ms (commit -> status change at listener)' },
          lines: [
            {
              name: 'probe',
              points: live.points.map(([x, y]) => [Number(x.toFixed(3)), Number(y.toFixed(1))]),
            },
          ],
        },
      ],
    };
  } finally {
    await stop(child);
    await pool.end();
    await db.stop();
  }
}
