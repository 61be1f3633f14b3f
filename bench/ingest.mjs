// npm run bench -- ingest: single heartbeats through the real service next to a bare node:http server doing the
// same group-committed append (the ceiling), and gateway batches next to a raw COPY of the same rows.
// Load: wrk (apt-get install -y wrk) for both routes, so no client shares the service's event loop; single
// heartbeats from 50 keep-alive connections over 1000 registered vehicles, gateway batches of 1000 heartbeats
// from 4 connections (4 gateways, 1000 vehicles each). Durations: BENCH_SECONDS (10) per single-heartbeat window,
// best of 3; BENCH_CURVE_SECONDS (5) per point of the throughput/latency curve; BENCH_BATCH_SECONDS (5) and
// BENCH_BATCHES (100) for the gateway batches.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import pg from 'pg';
import { createPool } from '@vehicle-tracker/db';
import { appendUnpositioned, newEventId } from '@vehicle-tracker/event-store';
import { createLogger } from '@vehicle-tracker/service-kit';
import { HeartbeatEnv } from '../services/heartbeat/dist/config.js';
import { createService } from '../services/heartbeat/dist/service.js';
import { importFleet } from '../services/heartbeat/dist/fleet/import-fleet.js';
import { GroupCommitter } from '../services/heartbeat/dist/ingest/group-commit.js';
import { benchDatabase, rate, row } from './harness.mjs';

const ADMIN = 'bench-admin-token-0123456789';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const vinAt = (i) =>
  'B' + Array.from({ length: 16 }, (_, k) => VIN_CHARS[Math.floor(i / 33 ** k) % 33]).join('');
const env = (name, fallback) => Number(process.env[name] ?? fallback);

/** The issue's sizes, or (quick) a smoke run of the same steps that ends well within a minute. */
function sizes(quick) {
  return quick
    ? {
        seconds: 2,
        curveSeconds: 1,
        warmup: 1,
        rounds: 1,
        vehicles: 200,
        batches: 12,
        batchSeconds: 2,
        batchRounds: 1,
        levels: [1, 10, 50],
      }
    : {
        seconds: env('BENCH_SECONDS', 10),
        // The curve's points are single windows at each concurrency (not best of): shorter, to fit the run in
        // its time budget.
        curveSeconds: env('BENCH_CURVE_SECONDS', 5),
        warmup: 3,
        rounds: 3,
        vehicles: 1000,
        batches: env('BENCH_BATCHES', 100),
        // The batch figures are short windows under a load that changes: alternated, best of 3 each.
        batchSeconds: env('BENCH_BATCH_SECONDS', 5),
        batchRounds: 3,
        levels: [1, 5, 10, 25, 50, 100],
      };
}
const CONNECTIONS = 50;
const GATEWAYS = 4;

// ---- load generation (wrk) ----

const RESULT = `io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, bad))`;

function singleScript(dir, vehicles) {
  const creds = vehicles.map((v) => `{"${v.vin}","${v.token}"}`).join(',\n');
  const file = path.join(dir, 'heartbeat.lua');
  writeFileSync(
    file,
    `local creds = {${creds}}
local i = 0
local bad = 0
request = function()
  i = i + 1
  local c = creds[(i % #creds) + 1]
  return wrk.format("POST", "/api/v1/vehicles/" .. c[1] .. "/heartbeats",
    { ["Authorization"] = "Bearer " .. c[2], ["Content-Type"] = "application/json" }, '{"sequence":' .. i .. '}')
end
done = function(summary, latency, requests)
  ${RESULT}
end
`,
  );
  return file;
}

/** Each gateway's request: its 1000 vehicles, one heartbeat each. A response that rejected any item is bad. */
function batchScript(dir, gateways) {
  const bodies = gateways.map((g) =>
    JSON.stringify({ heartbeats: g.vehicles.map((v, j) => ({ vin: v.vin, sequence: j })) }),
  );
  const file = path.join(dir, 'batch.lua');
  writeFileSync(
    file,
    `local gateways = {${gateways.map((g, k) => `{"${g.token}", [==[${bodies[k]}]==]}`).join(',\n')}}
local requests = {}
local i = 0
local bad = 0
init = function()
  for k, g in ipairs(gateways) do
    requests[k] = wrk.format("POST", "/api/v1/heartbeats",
      { ["Authorization"] = "Bearer " .. g[1], ["Content-Type"] = "application/json" }, g[2])
  end
end
request = function()
  i = i + 1
  return requests[(i % #requests) + 1]
end
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, '"rejected":0', 1, true) then bad = bad + 1 end
end
done = function(summary, latency, requests)
  ${RESULT}
end
`,
  );
  return file;
}

// Asynchronous: the servers under test run in this process and must keep answering while wrk runs.
async function wrk(url, script, seconds, connections) {
  const { stdout: out } = await promisify(execFile)('wrk', [
    `-t${Math.min(2, connections)}`,
    `-c${connections}`,
    `-d${seconds}s`,
    '-s',
    script,
    url,
  ]);
  const [, requests, durationUs, p99Us, non2xx, socketErrors, bad] = out
    .match(/RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/)
    .map(Number);
  return {
    requests,
    perSecond: rate(requests, durationUs / 1000),
    p99: p99Us / 1000,
    problems: non2xx + socketErrors + bad,
  };
}

async function listen(listener) {
  const server = createServer({ keepAliveTimeout: 65_000 }, listener);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

function close(s) {
  s.server.closeAllConnections();
  s.server.close();
}

// ---- the servers compared ----

/** The ceiling: parse nothing, check nothing, group-commit a HeartbeatRecorded the service's way and answer 202. */
function bareServer(pool, config) {
  const committer = new GroupCommitter({
    append: (events) => appendUnpositioned(pool, events),
    windowMs: config.GROUP_COMMIT_WINDOW_MS,
    maxBatch: config.GROUP_COMMIT_MAX_BATCH,
    concurrency: config.GROUP_COMMIT_CONCURRENCY,
    maxQueued: 1e9,
  });
  const listener = (req, res) => {
    req.resume();
    req.on('end', async () => {
      const vin = req.url.split('/')[4];
      const receivedAt = new Date().toISOString();
      const a = await committer.submit({
        eventId: newEventId(),
        streamId: `vehicle-${vin}`,
        type: 'HeartbeatRecorded',
        data: { vin, receivedAt },
        metadata: { source: 'bench', schemaVersion: 1 },
      });
      const body = JSON.stringify({ eventId: a.eventId, position: a.globalPosition, receivedAt });
      res.writeHead(202, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  };
  return { listener, committer };
}

/** The alternative not taken: the single-heartbeat route through express with express.json(). */
function expressServer(service) {
  const app = express();
  app.use(express.json());
  app.post('/api/v1/vehicles/:vin/heartbeats', async (req, res) => {
    const vin = await service.ingest.authorizeDevice(req.params.vin, req.headers.authorization);
    res.status(202).json(
      await service.ingest.record(vin, req.body ?? {}, new Date(), {
        correlationId: 'x',
        source: 'device',
      }),
    );
  });
  return app;
}

// ---- the rows the service writes, for the store alone and for COPY ----

/** What a gateway request of these vehicles appends: the same columns, ids, data and (shared) metadata. */
function heartbeatRows(gateway) {
  const receivedAt = new Date().toISOString();
  const metadata = { correlationId: 'bench-batch-request', source: 'gateway', schemaVersion: 1 };
  return gateway.vehicles.map((v, j) => ({
    eventId: newEventId(),
    streamId: `vehicle-${v.vin}`,
    type: 'HeartbeatRecorded',
    data: { vin: v.vin, receivedAt, sequence: j, gatewayId: gateway.gatewayId },
    metadata,
  }));
}

/** The same rows as COPY text: stream_position left NULL as the service leaves it; JSON needs only \ doubled. */
function copyChunk(gateway) {
  const esc = (s) => (s.includes('\\') ? s.replace(/\\/g, '\\\\') : s);
  return (
    heartbeatRows(gateway)
      .map(
        (e) =>
          `${e.eventId}\t${e.streamId}\t${e.type}\t${esc(JSON.stringify(e.data))}\t${esc(JSON.stringify(e.metadata))}`,
      )
      .join('\n') + '\n'
  );
}

/** COPY ... FROM STDIN without a driver extension: a pg "submittable" speaking the copy-in sub-protocol. */
function copyIn(client, sql, data) {
  return new Promise((resolve, reject) => {
    let error;
    client.query({
      text: sql,
      submit: (connection) => connection.query(sql),
      handleCopyInResponse: (connection) => {
        connection.sendCopyFromChunk(Buffer.from(data));
        connection.endCopyFrom();
      },
      handleCommandComplete: () => undefined,
      handleError: (err) => (error = err),
      handleReadyForQuery: () => (error ? reject(error) : resolve()),
    });
  });
}

async function inParallel(n, total, task) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return performance.now() - started;
}

/** Rows per second of a raw COPY of the same rows, 4 connections, chunks built before the clock starts. */
async function rawCopy(dbUrl, gateways, batches) {
  const clients = await Promise.all(
    gateways.map(async () => {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      return c;
    }),
  );
  const chunks = Array.from({ length: batches }, (_, i) => copyChunk(gateways[i % gateways.length]));
  const free = [...clients];
  const ms = await inParallel(clients.length, batches, async (i) => {
    const c = free.pop();
    await copyIn(c, 'COPY events (event_id, stream_id, type, data, metadata) FROM STDIN', chunks[i]);
    free.push(c);
  });
  await Promise.all(clients.map((c) => c.end()));
  return rate(batches * gateways[0].vehicles.length, ms);
}

/** The store's own append of the same rows, 4 in flight: what the service adds HTTP, parsing and checks to. */
async function directAppend(pool, gateways, batches) {
  const ms = await inParallel(gateways.length, batches, (i) =>
    appendUnpositioned(pool, heartbeatRows(gateways[i % gateways.length])),
  );
  return rate(batches * gateways[0].vehicles.length, ms);
}

async function heartbeatCount(pool) {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'HeartbeatRecorded'`);
  return rows[0].n;
}

/** Gateway batches through the service: heartbeats per second and p99 per request; checks what was written. */
async function batchIngest(pool, url, script, s, batchSize) {
  const before = await heartbeatCount(pool);
  const r = await wrk(url, script, s.batchSeconds, GATEWAYS);
  const written = (await heartbeatCount(pool)) - before;
  // Requests still in flight when wrk stops are written too, but not counted as answered.
  if (r.problems || written < r.requests * batchSize)
    throw new Error(`batches: ${r.problems} bad answers, ${written} rows for ${r.requests} requests`);
  return { perSecond: r.perSecond * batchSize, p99: r.p99 };
}

// ---- setup ----

async function registerFleet(pool, url, vehiclesPerGateway) {
  const fleet = {
    customers: Array.from({ length: GATEWAYS }, (_, c) => ({
      name: `Bench ${c} AB`,
      vehicles: Array.from({ length: vehiclesPerGateway }, (_, i) => ({
        vin: vinAt(c * vehiclesPerGateway + i),
        regNo: `B${c}-${i}`,
      })),
    })),
  };
  const report = await importFleet({ pool, invalidate: () => undefined }, fleet);
  const created = report.vehicles.created;
  if (created.length !== GATEWAYS * vehiclesPerGateway)
    throw new Error(`import: ${JSON.stringify(report.vehicles.rejected.slice(0, 3))}`);
  const gateways = [];
  for (let g = 0; g < GATEWAYS; g++) {
    const res = await fetch(`${url}/api/v1/admin/gateways`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: `bench ${g}` }),
    });
    const gw = await res.json();
    gateways.push({
      gatewayId: gw.gatewayId,
      token: gw.token,
      vehicles: created.slice(g * vehiclesPerGateway, (g + 1) * vehiclesPerGateway),
    });
  }
  return { vehicles: created.slice(0, vehiclesPerGateway), gateways };
}

function serviceConfig() {
  return HeartbeatEnv.parse({
    DATABASE_URL: 'postgres://replaced',
    ADMIN_TOKEN: ADMIN,
    // Each vehicle sends many heartbeats a second here: far beyond the production limit, which is not measured.
    HEARTBEAT_RATE_PER_MINUTE: '1000000',
    HEARTBEAT_RATE_BURST: '1000000',
    // wrk is one client address: the per-address limit stays on (its cost is measured) but never refuses.
    CLIENT_RATE_PER_MINUTE: '1000000000',
    CLIENT_RATE_BURST: '1000000000',
    // GROUP_COMMIT_* from the environment, to compare settings.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('GROUP_COMMIT_'))),
  });
}

// ---- the measurements ----

async function singleHeartbeats(servers, script, s) {
  const names = ['ceiling', 'service', 'express'];
  for (const name of names) await wrk(servers[name].url, script, s.warmup, CONNECTIONS);
  const best = {};
  for (let round = 1; round <= s.rounds; round++) {
    for (const name of names) {
      const r = await wrk(servers[name].url, script, s.seconds, CONNECTIONS);
      if (r.problems) console.log(`  (${name} round ${round}: ${r.problems} non-2xx or socket errors)`);
      if (!best[name] || r.perSecond > best[name].perSecond) best[name] = r;
    }
  }
  return best;
}

/** Throughput and p99 of the service and the ceiling at each client concurrency, alternating the two. */
async function latencyCurve(servers, script, s) {
  const lines = { service: [], ceiling: [] };
  for (const c of s.levels) {
    for (const name of ['ceiling', 'service']) {
      const r = await wrk(servers[name].url, script, s.curveSeconds, c);
      lines[name].push([r.perSecond, Number(r.p99.toFixed(2))]);
    }
  }
  return lines;
}

async function gatewayBatches(pool, dbUrl, url, script, gateways, s) {
  const batchSize = gateways[0].vehicles.length;
  await batchIngest(pool, url, script, { ...s, batchSeconds: s.warmup }, batchSize);
  let copy = 0;
  let append = 0;
  let batch = { perSecond: 0 };
  for (let round = 0; round < s.batchRounds; round++) {
    copy = Math.max(copy, await rawCopy(dbUrl, gateways, s.batches));
    append = Math.max(append, await directAppend(pool, gateways, s.batches));
    const b = await batchIngest(pool, url, script, s, batchSize);
    if (b.perSecond > batch.perSecond) batch = b;
  }
  return { copy, append, batch, batchSize };
}

// ---- the result ----

const percent = (part, whole) => Math.round((part / whole) * 100);

function figuresOf(single, batches) {
  const { ceiling, service, express: ex } = single;
  const { copy, append, batch } = batches;
  return [
    {
      label: 'single heartbeat throughput',
      value: service.perSecond,
      unit: 'req/s',
      ceiling: { label: 'bare node:http + same group-committed append', value: ceiling.perSecond },
      target: { text: '>= 60 % of ceiling', met: service.perSecond >= 0.6 * ceiling.perSecond },
    },
    {
      label: 'single heartbeat p99 latency',
      value: Number(service.p99.toFixed(1)),
      unit: 'ms',
      ceiling: { label: 'bare node:http p99', value: Number(ceiling.p99.toFixed(1)) },
      target: { text: '< 20 ms', met: service.p99 < 20 },
    },
    {
      label: '(not taken) single heartbeat via express.json()',
      value: ex.perSecond,
      unit: 'req/s',
      ceiling: { label: 'bare node:http + same group-committed append', value: ceiling.perSecond },
    },
    {
      label: 'gateway batch ingest',
      value: batch.perSecond,
      unit: 'heartbeats/s',
      ceiling: { label: 'raw COPY of the same rows', value: copy },
      target: { text: '>= 70 % of ceiling', met: batch.perSecond >= 0.7 * copy },
    },
    {
      label: 'gateway batch p99 latency (per request)',
      value: Number(batch.p99.toFixed(1)),
      unit: 'ms',
    },
    {
      label: 'appendUnpositioned of the same rows (no HTTP)',
      value: append,
      unit: 'rows/s',
      ceiling: { label: 'raw COPY of the same rows', value: copy },
    },
  ];
}

function print(config, s, single, batches, load) {
  const { ceiling, service, express: ex } = single;
  const { copy, append, batch, batchSize } = batches;
  console.log(
    `group commit: window ${config.GROUP_COMMIT_WINDOW_MS} ms, max batch ${config.GROUP_COMMIT_MAX_BATCH}, ${config.GROUP_COMMIT_CONCURRENCY} in flight`,
  );
  console.log(
    `ingest: wrk -c${CONNECTIONS} -d${s.seconds}s, ${s.vehicles} vehicles, best of ${s.rounds} (cores: ${os.cpus().length}, load ${load})`,
  );
  row('ceiling: bare node:http + group commit', ceiling.perSecond, `req/s  p99 ${ceiling.p99.toFixed(1)} ms`);
  row(
    'service: POST /api/v1/vehicles/{vin}/heartbeats',
    service.perSecond,
    `req/s  p99 ${service.p99.toFixed(1)} ms`,
  );
  row('service / ceiling', percent(service.perSecond, ceiling.perSecond), '% (target >= 60 %, p99 < 20 ms)');
  row('(not taken) same route via express.json()', ex.perSecond, `req/s  p99 ${ex.p99.toFixed(1)} ms`);
  console.log(
    `batch: requests of ${batchSize} (${GATEWAYS} gateways x ${batchSize} vehicles), ${GATEWAYS} concurrent, ${s.batchSeconds} s; COPY and append: ${s.batches} batches; best of ${s.batchRounds}`,
  );
  row('raw COPY of the same rows (4 connections)', copy, 'rows/s');
  row('appendUnpositioned of the same rows (no HTTP)', append, 'rows/s');
  row(
    'gateway batches POST /api/v1/heartbeats',
    batch.perSecond,
    `heartbeats/s  p99 ${batch.p99.toFixed(1)} ms`,
  );
  row('batch / COPY', percent(batch.perSecond, copy), '% (target >= 70 %)');
  row('appendUnpositioned / COPY (the store alone)', percent(append, copy), '%');
}

/**
 * Runs the ingest benchmark. `opts.quick`: small sizes (a smoke run). Prints the figures and returns them with
 * the throughput/p99 curve of the single-heartbeat route and of its ceiling.
 */
export async function run(opts = {}) {
  const s = sizes(opts.quick === true);
  // Parsed first: a bad GROUP_COMMIT_* fails before a database is started.
  const config = serviceConfig();
  const db = await benchDatabase();
  config.DATABASE_URL = db.url;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-bench-ingest-'));
  const pool = createPool(db.url, { max: 10 });
  const service = createService({ config, pool, logger: createLogger('bench', 'warn') });
  service.start();
  const bare = bareServer(pool, config);
  const servers = {
    ceiling: await listen(bare.listener),
    service: await listen(service.app),
    express: await listen(expressServer(service)),
  };
  try {
    const { vehicles, gateways } = await registerFleet(pool, servers.service.url, s.vehicles);
    const script = singleScript(dir, vehicles);
    const single = await singleHeartbeats(servers, script, s);
    const curve = await latencyCurve(servers, script, s);
    await bare.committer.flush();
    const batchLua = batchScript(dir, gateways);
    const batches = await gatewayBatches(pool, db.url, servers.service.url, batchLua, gateways, s);
    const load = os.loadavg()[0].toFixed(1);
    print(config, s, single, batches, load);
    return {
      name: 'ingest',
      description:
        'Heartbeat ingest through the heartbeat service: single heartbeats (wrk, 50 connections) next to a bare ' +
        'node:http server doing the same group-committed append, and gateway batches of 1000 (wrk, 4 ' +
        'connections) next to a raw COPY of the same rows into the same table.',
      figures: figuresOf(single, batches),
      series: [
        {
          title: 'Ingest throughput vs p99 latency',
          x: { label: 'heartbeats/s' },
          y: { label: 'p99 ms' },
          lines: [
            { name: 'service', points: curve.service },
            { name: 'ceiling', points: curve.ceiling },
          ],
        },
      ],
      notes: [
        `single heartbeats at ${s.levels.join(', ')} client connections for the curve, ${s.curveSeconds} s each`,
        `batches: COPY, the store alone and the service alternated, best of ${s.batchRounds} each (${s.batches} ` +
          `batches of COPY and of the store, ${s.batchSeconds} s of wrk for the service)`,
        `load average ${load} on ${os.cpus().length} cores at the end of the run`,
      ],
    };
  } finally {
    for (const s of Object.values(servers)) close(s);
    await bare.committer.flush();
    await service.close();
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
