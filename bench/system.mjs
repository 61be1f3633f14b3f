// npm run bench -- system: the whole system end to end. The three services run as the launcher runs them (one
// process each, on one PostgreSQL), BENCH_SYSTEM_VEHICLES (default 1,000,000) vehicles over BENCH_SYSTEM_CUSTOMERS
// (1,000) customers are registered in bulk through the event store, and the simulator (packages/simulator, its CLI)
// drives heartbeats for all of them at a steady BENCH_SYSTEM_RATE (default 600/s: on 2 cores the simulator, about
// 0.1-0.3 ms of CPU per request, and the system share what there is) for BENCH_SYSTEM_WARMUP (15) +
// BENCH_SYSTEM_SECONDS (60) seconds. Meanwhile the bench is a dashboard (the fleet-wide event stream and
// page requests) and a device (probe heartbeats of its own vehicles). Every vehicle starts never-seen, so each
// heartbeat of the run turns one online: every heartbeat is a status change on the stream (the projector's and the
// stream's worst case; in steady state few are).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPool } from '@vehicle-tracker/db';
import { freePort } from '@vehicle-tracker/embedded-pg';
import { benchDatabase, row } from './harness.mjs';
import { registerCustomers, registerVehicles } from './system/seed.mjs';
import { memoryOf, startPart, startService, stopPart, waitUp } from './system/processes.mjs';
import { projectedUpTo, runLoad } from './system/load.mjs';
import { measureIdle } from './system/idle.mjs';
import { systemFigures, systemNotes, systemSeries } from './system/figures.mjs';

const ADMIN_TOKEN = 'bench-system-admin-token-0123456789';
const DESCRIPTION =
  'The whole system under the simulator: heartbeat, projector and query services as the launcher runs them, one ' +
  'PostgreSQL, a fleet registered in bulk through the event store, the simulator sending heartbeats at a steady ' +
  'rate, and the bench acting as a dashboard (event stream, page requests) and as a device (probe heartbeats).';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const progress = (msg) => console.log(`  [system] ${msg}`);

function sizes(quick) {
  const env = (name, fallback) => Number(process.env[`BENCH_SYSTEM_${name}`] ?? fallback);
  return quick
    ? { vehicles: 10_000, customers: 20, rate: 150, warmup: 2, seconds: 6, probes: 300 }
    : {
        vehicles: env('VEHICLES', 1_000_000),
        customers: env('CUSTOMERS', 1_000),
        rate: env('RATE', 600),
        warmup: env('WARMUP', 15),
        seconds: env('SECONDS', 60),
        probes: 2_000,
      };
}

async function seed(pool, s, tokensFile) {
  const started = performance.now();
  const customerIds = await registerCustomers(pool, 'Bench Haulage', s.customers);
  let reported = 0;
  await registerVehicles(pool, {
    run: 'BENCH0',
    count: s.vehicles,
    customerIds,
    tokensFile,
    onProgress: (done) => {
      if (done - reported >= 100_000) progress(`registered ${(reported = done)}`);
    },
  });
  const seedMs = performance.now() - started;
  const [probeCustomer] = await registerCustomers(pool, 'Bench Probes', 1);
  const probes = await registerVehicles(pool, {
    run: 'PRB000',
    count: s.probes,
    customerIds: [probeCustomer],
  });
  return { seedMs, probes, startedAt: started };
}

async function waitProjected(pool, projector, timeoutMs) {
  const { rows } = await pool.query('SELECT max(global_position) AS head FROM events');
  const deadline = Date.now() + timeoutMs;
  while ((await projectedUpTo(pool)) < rows[0].head) {
    if (projector.child.exitCode !== null) throw new Error('the projector exited');
    if (Date.now() > deadline) throw new Error(`the projector did not catch up within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/** The three services as the launcher starts them; the projector first, so it projects while the seed appends. */
function startSystem(ports, common) {
  return {
    // With the stack's memory settings (docker-stack.yml): its peak is compared with the stack's 512M limit.
    projector: () =>
      startService('projector', ports.projector, {
        ...common,
        PROJECTOR_MAX_BATCH_SIZE: '50000',
        PROJECTOR_MEMORY_BUDGET_MB: '300',
        NODE_OPTIONS: '--max-old-space-size=320',
      }),
    heartbeat: () =>
      startService('heartbeat', ports.heartbeat, {
        ...common,
        HEARTBEAT_AUTH: 'on',
        ADMIN_TOKEN,
        CLIENT_RATE_PER_MINUTE: '0', // the simulator is one client address
      }),
    // Operator sign-in is not what is measured here.
    query: () => startService('query', ports.query, { ...common, OPERATOR_AUTH: 'off' }),
  };
}

/** The simulator's CLI driving every seeded vehicle at `s.rate` in all, for the warm-up and the window. */
function simulatorFor(port, tokensFile, s, interval) {
  return (onLine) =>
    startPart('simulator', path.join('packages', 'simulator', 'dist', 'cli.js'), {
      args: [
        `--url=http://127.0.0.1:${port}`,
        `--tokens=${tokensFile}`,
        `--vehicles=${s.vehicles}`,
        `--interval=${interval}`,
        '--offline-share=0',
        `--duration=${s.warmup + s.seconds + 1}`,
      ],
      onLine,
    });
}

/** Registers the fleet, starts the system and waits until everything is projected and every service is ready. */
async function prepare({ pool, parts, ports, s, common, tokensFile, quick }) {
  const start = startSystem(ports, common);
  parts.projector = start.projector();
  const seeded = await seed(pool, s, tokensFile);
  progress(`registered in ${(seeded.seedMs / 1000).toFixed(1)} s; waiting for the projector`);
  parts.heartbeat = start.heartbeat();
  parts.query = start.query();
  await waitProjected(pool, parts.projector, quick ? 60_000 : 900_000);
  const projectedMs = performance.now() - seeded.startedAt;
  for (const name of ['heartbeat', 'projector', 'query'])
    await waitUp(parts[name], `http://127.0.0.1:${ports[name]}/readyz`);
  // What autovacuum does within a minute of a bulk load: statistics and the visibility map.
  await pool.query('VACUUM (ANALYZE) rm.vehicles, rm.customers, write_vehicles');
  progress(`projected ${(projectedMs / 1000).toFixed(1)} s after the first registration`);
  const { rows } = await pool.query('SELECT customer_id FROM rm.customers');
  return { ...seeded, projectedMs, customers: rows.map((c) => c.customer_id) };
}

export async function run({ quick = false } = {}) {
  const s = sizes(quick);
  const interval = s.vehicles / s.rate;
  // As the launcher sets it (a heartbeat every OFFLINE_AFTER / 3): no vehicle of the run times out.
  const offlineAfter = Math.max(60, Math.ceil(3 * interval));
  progress(
    `${s.vehicles} vehicles, ${s.rate} heartbeats/s (one per vehicle every ${interval.toFixed(0)} s), ` +
      `${s.warmup} s warm-up + ${s.seconds} s measured (cores ${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)})`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-bench-system-'));
  const db = await benchDatabase();
  const pool = createPool(db.url, { max: 4 });
  const parts = {};
  try {
    const ports = { heartbeat: await freePort(), projector: await freePort(), query: await freePort() };
    const common = { DATABASE_URL: db.url, OFFLINE_AFTER: String(offlineAfter) };
    const tokensFile = path.join(dir, 'device-tokens.json');
    const fleet = await prepare({ pool, parts, ports, s, common, tokensFile, quick });
    const context = { ports, customers: fleet.customers, probes: fleet.probes };
    progress('idle figures');
    const idle = await measureIdle(context, quick);
    progress('load');
    const simulator = simulatorFor(ports.heartbeat, tokensFile, s, interval);
    const load = await runLoad({ ...context, pool, parts, simulator, sizes: s, quick });
    const now = Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, memoryOf(part)]));
    const memory = { ...load.peakMb };
    for (const [name, m] of Object.entries(now)) if (m) memory[name] = m.peakMb;
    const endMb = Object.fromEntries(Object.entries(now).map(([name, m]) => [name, m?.rssMb]));
    const result = {
      name: 'system',
      description: DESCRIPTION,
      figures: systemFigures({ s, idle, load, memory }),
      series: systemSeries(load),
      notes: systemNotes({ s, fleet, load, interval, offlineAfter, endMb }),
    };
    printFigures(result);
    return result;
  } finally {
    for (const part of Object.values(parts).reverse()) await stopPart(part);
    await pool.end();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printFigures(result) {
  for (const f of result.figures) {
    const ceiling = f.ceiling ? `  (${f.ceiling.label}: ${f.ceiling.value})` : '';
    const target = f.target ? `  target ${f.target.text}: ${f.target.met ? 'met' : 'NOT met'}` : '';
    row(f.label, f.value, `${f.unit}${ceiling}${target}`);
  }
  for (const note of result.notes) console.log(`  - ${note}`);
}
