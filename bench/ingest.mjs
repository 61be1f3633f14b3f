// npm run bench -- ingest: single heartbeats through the real service next to a bare node:http server doing the
// same group-committed append (the ceiling), and gateway batches next to a raw COPY of the same rows.
// Load: wrk (apt-get install -y wrk), 50 keep-alive connections over 1000 registered vehicles.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import pg from 'pg';
import { createPool } from '@vehicle-tracker/db';
import { appendEvents } from '@vehicle-tracker/event-store';
import { createLogger } from '@vehicle-tracker/service-kit';
import { HeartbeatEnv } from '../services/heartbeat/dist/config.js';
import { createService } from '../services/heartbeat/dist/service.js';
import { importFleet } from '../services/heartbeat/dist/fleet/import-fleet.js';
import { GroupCommitter } from '../services/heartbeat/dist/ingest/group-commit.js';
import { benchDatabase, rate, row } from './harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const VEHICLES = 1000;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 100);
const BATCH = 1000;
const ADMIN = 'bench-admin-token-0123456789';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const vinAt = (i) =>
  'B' + Array.from({ length: 16 }, (_, k) => VIN_CHARS[Math.floor(i / 33 ** k) % 33]).join('');

function wrkScript(dir, vehicles) {
  const creds = vehicles.map((v) => `{"${v.vin}","${v.token}"}`).join(',\n');
  const file = path.join(dir, 'heartbeat.lua');
  writeFileSync(
    file,
    `local creds = {${creds}}
local i = 0
request = function()
  i = i + 1
  local c = creds[(i % #creds) + 1]
  return wrk.format("POST", "/api/v1/vehicles/" .. c[1] .. "/heartbeats",
    { ["Authorization"] = "Bearer " .. c[2], ["Content-Type"] = "application/json" }, '{"sequence":' .. i .. '}')
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration, latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
`,
  );
  return file;
}

// Asynchronous: the servers under test run in this process and must keep answering while wrk runs.
async function wrk(url, script, seconds) {
  const { stdout: out } = await promisify(execFile)('wrk', [
    '-t2',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '-s',
    script,
    url,
  ]);
  const [, requests, durationUs, p99Us, non2xx, socketErrors] = out
    .match(/RESULT (\d+) (\d+) (\d+) (\d+) (\d+)/)
    .map(Number);
  return { perSecond: rate(requests, durationUs / 1000), p99: p99Us / 1000, non2xx, socketErrors };
}

async function listen(listener) {
  const server = createServer({ keepAliveTimeout: 65_000 }, listener);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** The ceiling: parse nothing, check nothing, group-commit a HeartbeatRecorded and answer 202. */
function bareServer(pool, config) {
  const committer = new GroupCommitter({
    append: (events) => appendEvents(pool, events),
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
        eventId: randomUUID(),
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

let copyPosition = 1_000_000_000;
function heartbeatRows(vehicles) {
  return vehicles.map((v, j) => ({
    eventId: randomUUID(),
    streamId: `vehicle-${v.vin}`,
    type: 'HeartbeatRecorded',
    data: { vin: v.vin, receivedAt: new Date().toISOString(), sequence: j },
    metadata: { correlationId: 'bench', source: 'gateway', schemaVersion: 1 },
  }));
}

/** The store's own append of the same rows, 4 in flight: what the service adds HTTP, parsing and checks to. */
async function directAppend(pool, gateways) {
  return inParallel(4, BATCHES, async (i) => {
    await appendEvents(pool, heartbeatRows(gateways[i % 4].vehicles));
  });
}

function copyChunk(vehicles) {
  const lines = [];
  for (let j = 0; j < BATCH; j++) {
    const vin = vehicles[j].vin;
    const data = JSON.stringify({ vin, receivedAt: new Date().toISOString(), sequence: j });
    const meta = JSON.stringify({ correlationId: 'bench', source: 'gateway', schemaVersion: 1 });
    lines.push(`${randomUUID()}\tvehicle-${vin}\t${copyPosition++}\tHeartbeatRecorded\t${data}\t${meta}`);
  }
  return lines.join('\n') + '\n';
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

/** Four gateways, each forwarding its own 1000 vehicles (one heartbeat each per request), 4 requests in flight. */
async function batchIngest(url, gateways) {
  const bodies = gateways.map((g) =>
    JSON.stringify({ heartbeats: g.vehicles.map((v, j) => ({ vin: v.vin, sequence: j })) }),
  );
  return inParallel(4, BATCHES, async (i) => {
    const res = await fetch(`${url}/api/v1/heartbeats`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${gateways[i % 4].token}`, 'Content-Type': 'application/json' },
      body: bodies[i % 4],
    });
    const out = await res.json();
    if (out.accepted !== BATCH) throw new Error(`batch: ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
  });
}

async function rawCopy(dbUrl, gateways) {
  const clients = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      return c;
    }),
  );
  const chunks = Array.from({ length: BATCHES }, (_, i) => copyChunk(gateways[i % 4].vehicles));
  let free = [...clients];
  const ms = await inParallel(4, BATCHES, async (i) => {
    const c = free.pop();
    await copyIn(
      c,
      'COPY events (event_id, stream_id, stream_position, type, data, metadata) FROM STDIN',
      chunks[i],
    );
    free.push(c);
  });
  await Promise.all(clients.map((c) => c.end()));
  return ms;
}

export async function run() {
  // Parsed first: a bad GROUP_COMMIT_* fails before a database is started.
  const config = HeartbeatEnv.parse({
    DATABASE_URL: 'postgres://replaced',
    ADMIN_TOKEN: ADMIN,
    // Each of the 1000 vehicles sends ~20/s here: far beyond the production limit, which is not what is measured.
    HEARTBEAT_RATE_PER_MINUTE: '1000000',
    HEARTBEAT_RATE_BURST: '1000000',
    // GROUP_COMMIT_* from the environment, to compare settings.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('GROUP_COMMIT_'))),
  });
  const db = await benchDatabase();
  config.DATABASE_URL = db.url;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-bench-ingest-'));
  const pool = createPool(db.url, { max: 10 });
  const service = createService({ config, pool, logger: createLogger('bench', 'warn') });
  service.start();
  try {
    const fleet = {
      customers: [0, 1, 2, 3].map((c) => ({
        name: `Bench ${c} AB`,
        vehicles: Array.from({ length: VEHICLES }, (_, i) => ({
          vin: vinAt(c * VEHICLES + i),
          regNo: `B${c}-${i}`,
        })),
      })),
    };
    const report = await importFleet({ pool, invalidate: () => undefined }, fleet);
    const created = report.vehicles.created;
    if (created.length !== 4 * VEHICLES)
      throw new Error(`import: ${JSON.stringify(report.vehicles.rejected.slice(0, 3))}`);
    const vehicles = created.slice(0, VEHICLES);
    const script = wrkScript(dir, vehicles);

    const bare = bareServer(pool, config);
    const servers = {
      ceiling: await listen(bare.listener),
      service: await listen(service.app),
      express: await listen(expressServer(service)),
    };
    const results = {};
    for (const name of ['ceiling', 'service', 'express']) await wrk(servers[name].url, script, 3); // warm-up
    for (const round of [1, 2]) {
      for (const name of ['ceiling', 'service', 'express']) {
        const r = await wrk(servers[name].url, script, SECONDS);
        if (r.non2xx || r.socketErrors)
          console.log(`  (${name} round ${round}: ${r.non2xx} non-2xx, ${r.socketErrors} socket errors)`);
        if (!results[name] || r.perSecond > results[name].perSecond) results[name] = r;
      }
    }
    for (const s of Object.values(servers)) {
      s.server.closeAllConnections();
      s.server.close();
    }
    await bare.committer.flush();

    const batchServer = await listen(service.app);
    const gateways = [];
    for (let g = 0; g < 4; g++) {
      const gw = await (
        await fetch(`${batchServer.url}/api/v1/admin/gateways`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: `bench ${g}` }),
        })
      ).json();
      gateways.push({ token: gw.token, vehicles: created.slice(g * VEHICLES, (g + 1) * VEHICLES) });
    }
    let batchMs = Infinity;
    let copyMs = Infinity;
    let appendMs = Infinity;
    for (let round = 0; round < 2; round++) {
      copyMs = Math.min(copyMs, await rawCopy(db.url, gateways));
      appendMs = Math.min(appendMs, await directAppend(pool, gateways));
      batchMs = Math.min(batchMs, await batchIngest(batchServer.url, gateways));
    }
    batchServer.server.closeAllConnections();
    batchServer.server.close();

    const { ceiling, service: svc, express: ex } = results;
    console.log(
      `group commit: window ${config.GROUP_COMMIT_WINDOW_MS} ms, max batch ${config.GROUP_COMMIT_MAX_BATCH}, ${config.GROUP_COMMIT_CONCURRENCY} in flight`,
    );
    console.log(
      `ingest: wrk -t2 -c${CONNECTIONS} -d${SECONDS}s, ${VEHICLES} vehicles, best of 2 (cores: ${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)})`,
    );
    row(
      'ceiling: bare node:http + group commit',
      ceiling.perSecond,
      `req/s  p99 ${ceiling.p99.toFixed(1)} ms`,
    );
    row(
      'service: POST /api/v1/vehicles/{vin}/heartbeats',
      svc.perSecond,
      `req/s  p99 ${svc.p99.toFixed(1)} ms`,
    );
    row(
      'service / ceiling',
      Math.round((svc.perSecond / ceiling.perSecond) * 100),
      '% (target >= 60 %, p99 < 20 ms)',
    );
    row('(not taken) same route via express.json()', ex.perSecond, `req/s  p99 ${ex.p99.toFixed(1)} ms`);
    const heartbeats = BATCHES * BATCH;
    console.log(
      `batch: ${heartbeats} heartbeats in requests of ${BATCH} (4 gateways x ${VEHICLES} vehicles), 4 concurrent, best of 2`,
    );
    row('raw COPY of the same rows (4 connections)', rate(heartbeats, copyMs), 'rows/s');
    row('appendEvents of the same rows (no HTTP)', rate(heartbeats, appendMs), 'rows/s');
    row('gateway batches POST /api/v1/heartbeats', rate(heartbeats, batchMs), 'heartbeats/s');
    row('batch / COPY', Math.round((copyMs / batchMs) * 100), '% (target >= 70 %)');
    row('appendEvents / COPY (the store alone)', Math.round((copyMs / appendMs) * 100), '%');
  } finally {
    await service.close();
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
