import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPool } from '@vehicle-tracker/db';
import { startCluster, type RunningCluster } from '@vehicle-tracker/embedded-pg';
import { SseReader } from '../../../services/query/src/test-support/sse-reader';
import { checkAckedHeartbeats } from './acked-log';
import { ADMIN_TOKEN } from './processes';
import { HeartbeatLoad, exchange, registerFleet, type Vehicle } from './heartbeat-load';
import { probe, sleep, spawnService, waitFor, waitReady, type ServiceProcess } from './processes';
import { Figures } from './report';
import { sizes, timeoutMs } from './sizes';

/**
 * PostgreSQL stopped and started under load, on a cluster of this spec's own (the shared test cluster serves
 * every other spec file running in parallel). While it is down writes are refused with 503 + Retry-After; once it
 * is back every service recovers by itself within 10 s (a heartbeat acknowledged, projected, and streamed to an
 * SSE client that stayed connected throughout); nothing acknowledged is lost.
 */
const figures = new Figures('fault: PostgreSQL restart under load');
const SETTINGS = { fsync: 'off', full_page_writes: 'off', max_connections: '100' };
let dir: string;
let cluster: RunningCluster | undefined;
let pool: pg.Pool;
let url: string;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vt-fault-pg-'));
  chmodSync(dir, 0o755); // the server may run as user "postgres"
  cluster = await startCluster({ dataDir: dir, settings: SETTINGS });
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE vt_fault');
  await admin.end();
  url = Object.assign(new URL(cluster.adminUrl), { pathname: '/vt_fault' }).toString();
  pool = createPool(url, { max: 4 });
}, 120_000);
afterAll(async () => {
  await Promise.all(services.map((s) => s.kill()));
  await pool?.end();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
  figures.print();
});

function openStream(queryUrl: string): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${queryUrl}/api/v1/stream`, { agent: false }, (res) =>
      resolve(new SseReader(res, req)),
    );
    req.on('error', reject);
  });
}

/** What the services answer while the database is down: writes 503 + Retry-After, processes alive. */
async function checkWhileDown(
  hb: ServiceProcess,
  query: ServiceProcess,
  projector: ServiceProcess,
  v: Vehicle,
) {
  const heartbeat = await exchange(hb.url, 'POST', `/api/v1/vehicles/${v.vin}/heartbeats`, {
    headers: { Authorization: `Bearer ${v.token}` },
  });
  const adminWrite = await exchange(hb.url, 'POST', '/api/v1/admin/customers', {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'While down' }),
  });
  const read = await exchange(query.url, 'GET', '/api/v1/vehicles');
  for (const res of [heartbeat, adminWrite, read]) {
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  }
  for (const s of [hb, query, projector]) {
    expect(await probe(s.url, '/readyz')).toBe(503);
    expect(await probe(s.url, '/healthz')).toBe(200);
  }
}

it(
  'refuses writes with 503 + Retry-After while PostgreSQL is down; every service recovers within 10 s; no ack lost',
  async () => {
    // The heartbeat service migrates the new database (node-pg-migrate is ESM-only: it cannot load under jest).
    const hb = await spawnService('heartbeat', { DATABASE_URL: url, MIGRATE_ON_START: 'true' });
    await waitReady(hb, '/readyz', 60_000);
    const projector = await spawnService('projector', { DATABASE_URL: url, REPLICA_ID: 'fault-db' });
    const query = await spawnService('query', { DATABASE_URL: url, SSE_POLL_MS: '5000' });
    services.push(hb, projector, query);
    for (const s of services) await waitReady(s);
    const fleet = await registerFleet(hb.url, 40 + sizes.databaseRestarts);
    const loaded = fleet.slice(0, 40); // the rest get their first heartbeat after a restart
    const load = new HeartbeatLoad(hb.url, loaded);
    load.start(16);
    const stream = await openStream(query.url);
    await stream.next((m) => m.event === 'counts', 5_000);
    const recovery: Record<string, number[]> = { heartbeat: [], query: [], projector: [], stream: [] };
    let downFor = 0;
    try {
      for (let r = 0; r < sizes.databaseRestarts; r++) {
        await load.acks(200);
        const port = cluster!.port;
        await cluster!.stop();
        const stoppedAt = Date.now();
        await sleep(500);
        await checkWhileDown(hb, query, projector, loaded[0]!);
        await sleep(Math.random() * 2_000);
        cluster = await startCluster({ dataDir: dir, port, settings: SETTINGS });
        const back = Date.now();
        downFor += back - stoppedAt;
        const newcomer = fleet[40 + r]!;
        const measured = await Promise.all([
          load.acks(1).then(() => Date.now() - back),
          waitReady(query, '/api/v1/vehicles', 10_000).then(() => Date.now() - back),
          waitReady(projector, '/readyz', 10_000).then(() => Date.now() - back),
          firstHeartbeatStreamed(hb, stream, newcomer).then(() => Date.now() - back),
        ]);
        recovery.heartbeat!.push(measured[0]);
        recovery.query!.push(measured[1]);
        recovery.projector!.push(measured[2]);
        recovery.stream!.push(measured[3]);
        for (const ms of measured) expect(ms).toBeLessThan(10_000);
      }
      await load.acks(200);
    } finally {
      await load.stop();
      stream.close();
    }
    const check = await checkAckedHeartbeats(
      pool,
      load.acked,
      loaded.map((v) => v.vin),
    );
    figures.add('restarts of PostgreSQL', sizes.databaseRestarts);
    figures.add('time it was down (total)', `${downFor} ms`);
    figures.add('acked heartbeats checked', check.ackedChecked);
    figures.add('answers', JSON.stringify(Object.fromEntries(load.outcomes)));
    figures.times('back -> heartbeat acked', recovery.heartbeat!);
    figures.times('back -> query answers', recovery.query!);
    figures.times('back -> projector ready', recovery.projector!);
    figures.times('back -> new vehicle online on the open SSE stream', recovery.stream!);
    expect(check.problems).toEqual([]);
    expect(load.missingRetryAfter).toBe(0);
    // While it is down the service answers 503; it never drops a connection or answers anything else.
    expect([...load.outcomes.keys()].sort()).toEqual(['202', '503']);
    for (const s of services) expect(s.child.exitCode).toBeNull();
  },
  timeoutMs(120_000, 600_000),
);

/**
 * End to end after a restart: a vehicle's first heartbeat (retried until acknowledged) is projected (never-seen
 * to online) and reaches the SSE client that stayed connected while the database was down.
 */
async function firstHeartbeatStreamed(hb: ServiceProcess, stream: SseReader, v: Vehicle): Promise<void> {
  const from = stream.messages.length;
  await waitFor(
    'a heartbeat to be acknowledged',
    async () =>
      (
        await exchange(hb.url, 'POST', `/api/v1/vehicles/${v.vin}/heartbeats`, {
          headers: { Authorization: `Bearer ${v.token}` },
        }).catch(() => ({ status: 0 }))
      ).status === 202,
    10_000,
  );
  await stream.next(
    (m) => m.event === 'status' && (m.data ?? '').includes(v.vin) && (m.data ?? '').includes('"online"'),
    10_000,
    from,
  );
}
