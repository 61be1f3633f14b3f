import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { exchange } from './heartbeat-load';
import { residentBytes, sleep, spawnService, waitFor, waitReady, type ServiceProcess } from './processes';
import { Figures } from './report';
import { sizes, timeoutMs } from './sizes';
import { SseSocket } from './sse-clients';

/**
 * Slow consumers: a thousand SSE clients on one query service, some of which never read. Floods of status
 * changes go out; the service must drop the clients that do not keep up (so its memory stays bounded, and a second
 * flood costs no more than the first), and every client that reads gets every change promptly meanwhile.
 */
const figures = new Figures('fault: slow SSE consumers');
const NOISY = randomUUID(); // the flood: every unfiltered client gets it
const QUIET = randomUUID(); // most clients watch only this customer: a marker now and then
const FULL_READERS = 5;
const WAVE_ROWS = 40_000;
const MB = 1024 * 1024;
const STREAM_CAP = 4 * MB;
let db: TestDatabase;
let query: ServiceProcess;
const clients: SseSocket[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  query = await spawnService('query', { DATABASE_URL: db.url });
  await waitReady(query);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await query?.kill();
  await db.drop();
  figures.print();
});

async function openStreams(): Promise<number> {
  const res = await exchange(query.url, 'GET', '/metrics');
  return Number(/^query_sse_streams(?:\{[^}]*\})? (\d+)/m.exec(res.body)?.[1] ?? -1);
}

/** Status changes of the noisy customer in chunks of 1000, a marker for the quiet one after each chunk. */
async function flood(wave: number, sent: Map<string, number>): Promise<void> {
  for (let chunk = 0; chunk < WAVE_ROWS / 1000; chunk++) {
    await db.pool.query(
      `INSERT INTO status_changes (vin, customer_id, status, at, last_heartbeat_at)
       SELECT 'FLOOD' || lpad(g::text, 12, '0'), $1, CASE WHEN g % 2 = 0 THEN 'online' ELSE 'offline' END, now(), now()
         FROM generate_series(1, 1000) g`,
      [NOISY],
    );
    const marker = `MARK${String(wave).padStart(3, '0')}${String(chunk).padStart(10, '0')}`;
    await db.pool.query(
      `INSERT INTO status_changes (vin, customer_id, status, at) VALUES ($1, $2, 'online', now())`,
      [marker, QUIET],
    );
    sent.set(marker, Date.now());
    await db.pool.query(`SELECT pg_notify('status_changed', '')`);
    await sleep(20);
  }
}

/**
 * Another process asking `url` every 100 ms (its own event loop, so the figures are the service's, not this
 * busy test process's); stop() answers each answer's time in ms, a request without an answer within 10 s as 10000.
 */
function startProber(url: string) {
  const script = `
    const http = require('node:http');
    const once = () => { const t = Date.now(); let done = false;
      const end = () => { if (done) return; done = true; console.log(Date.now() - t); setTimeout(once, 100); };
      const req = http.get(process.argv[1], { agent: false, timeout: 10000 }, (res) => { res.resume(); res.on('end', end); });
      req.on('timeout', () => { req.destroy(); done = true; console.log(10000); setTimeout(once, 100); });
      req.on('error', end); };
    once();`;
  const child = spawn(process.execPath, ['-e', script, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    stop: async () => {
      child.kill();
      await new Promise((r) => child.once('exit', r));
      return out.split('\n').filter(Boolean).map(Number);
    },
  };
}

it(
  'a thousand SSE clients, some never reading: memory stays bounded and the readers get every change promptly',
  async () => {
    const port = query.port;
    for (let i = 0; i < sizes.sseClients; i++) {
      const slow = i < sizes.sseSlowClients;
      const full = !slow && i < sizes.sseSlowClients + FULL_READERS;
      clients.push(new SseSocket(port, slow || full ? '' : `?customerId=${QUIET}`, !slow));
      if (i % 50 === 49) await sleep(20);
    }
    const readers = clients.slice(sizes.sseSlowClients);
    await waitFor('every stream open', async () => (await openStreams()) === sizes.sseClients, 30_000);
    await waitFor('every reader to get its counts', async () => readers.every((c) => c.opened), 10_000);
    const baseline = residentBytes(query.child.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(query.child.pid!))), 50);
    const sent = new Map<string, number>();
    const peaks: number[] = [];
    const prober = startProber(`${query.url}/healthz`);
    const waves: number[] = [];
    const healthMs: number[] = [];
    try {
      for (let wave = 0; wave < sizes.sseWaves; wave++) {
        peak = residentBytes(query.child.pid!);
        const started = Date.now();
        await flood(wave, sent);
        await waitFor(
          'every reader to get every marker',
          async () => readers.every((c) => [...sent.keys()].every((m) => c.seen.has(m))),
          30_000,
        );
        waves.push(Date.now() - started);
        peaks.push(peak);
      }
    } finally {
      clearInterval(sampler);
      healthMs.push(...(await prober.stop()));
      const latencies = [...sent].map(([m, at]) =>
        Math.max(...readers.map((c) => (c.seen.get(m) ?? Infinity) - at)),
      );
      figures.add('SSE clients (never reading)', `${sizes.sseClients} (${sizes.sseSlowClients})`);
      figures.add('status changes sent', sent.size * 1001);
      figures.add('resident memory before', `${(baseline / MB).toFixed(0)} MB`);
      figures.add(
        'peak during each wave',
        [...peaks, peak].map((p) => `${(p / MB).toFixed(0)} MB`).join(', '),
      );
      figures.add('streams still open after', await openStreams());
      figures.add('wave sent -> every reader has it', waves.map((w) => `${w} ms`).join(', '));
      figures.add('markers missing', latencies.filter((l) => l === Infinity).length);
      figures.add('readers closed by the server', readers.filter((c) => c.closed).length);
      figures.add(
        'readers missing a marker (full, quiet)',
        [readers.slice(0, FULL_READERS), readers.slice(FULL_READERS)]
          .map((g) => g.filter((c) => [...sent.keys()].some((m) => !c.seen.has(m))).length)
          .join(', '),
      );
      figures.times(
        'marker -> slowest reader has it',
        latencies.filter((l) => l !== Infinity),
      );
      figures.times('GET /healthz during the floods', healthMs);
    }
    const fullIds = readers.slice(0, FULL_READERS).map((c) => c.ids);
    const expected = sizes.sseWaves * (WAVE_ROWS + WAVE_ROWS / 1000);
    const latencies = [...sent].map(([m, at]) => Math.max(...readers.map((c) => c.seen.get(m)! - at)));
    const open = await openStreams();
    for (const ids of fullIds) {
      expect(ids).toHaveLength(expected);
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    }
    // Every slow client was dropped once it had fallen too far behind; every reader stays.
    expect(open).toBe(sizes.sseClients - sizes.sseSlowClients);
    // Bounded by the per-stream cap (4 MiB queued, services/query/src/stream/sse-client.ts), twice for slack:
    // before the fix, 40 non-readers and one flood took the service from 125 to 640 MB.
    expect(Math.max(...peaks) - baseline).toBeLessThan(sizes.sseSlowClients * 2 * STREAM_CAP + 64 * MB);
    // And it does not grow with the volume: once the non-readers are gone, later floods cost no more.
    if (peaks.length > 2) expect(peaks.at(-1)!).toBeLessThan(Math.max(peaks[0]!, peaks[1]!) + 64 * MB);
    // No stall: the readers get every change within seconds of its commit, and the service answers meanwhile.
    expect(Math.max(...latencies)).toBeLessThan(10_000);
    expect(Math.max(...healthMs)).toBeLessThan(5_000);
  },
  timeoutMs(120_000, 300_000),
);
