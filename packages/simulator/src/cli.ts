#!/usr/bin/env node
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Simulator, type SimulatedVehicle } from './simulator';
import { registerFleet } from './register';
import { tokensIn } from './tokens';

const USAGE = `npm run simulate -- [options]
  --url URL             the system's base URL (default http://127.0.0.1:8080)
  --tokens FILE         JSON {vin: deviceToken} of vehicles to drive (written when --register)
  --register            register --vehicles new vehicles through the admin API first (ADMIN_TOKEN or --admin-token)
  --vehicles N          how many to register (default 100) / drive at most N from --tokens
  --customers N         spread registered vehicles over N customers (default 10)
  --interval S          seconds between heartbeats (default 60), jittered by --jitter (default 0.2)
  --offline-share X     long-run share of vehicles silent, 0..0.99 (default 0.2)
  --mean-online S       mean length of an online spell in seconds (default 1200)
  --concurrency N       requests in flight at most (default 256)
  --duration S          stop after S seconds (default: run until Ctrl-C)`;

function options() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:8080' },
      tokens: { type: 'string' },
      register: { type: 'boolean', default: false },
      'admin-token': { type: 'string' },
      vehicles: { type: 'string', default: '100' },
      customers: { type: 'string', default: '10' },
      interval: { type: 'string', default: '60' },
      jitter: { type: 'string', default: '0.2' },
      'offline-share': { type: 'string', default: '0.2' },
      'mean-online': { type: 'string', default: '1200' },
      concurrency: { type: 'string', default: '256' },
      duration: { type: 'string', default: '0' },
      'quiet-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: keyof typeof values, min: number, max: number) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${name} must be a number in [${min}, ${max}]`);
    return n;
  };
  return {
    url: values.url.replace(/\/$/, ''),
    tokens: values.tokens,
    register: values.register,
    adminToken: values['admin-token'] ?? process.env.ADMIN_TOKEN,
    vehicles: num('vehicles', 1, 10_000_000),
    customers: num('customers', 1, 1_000_000),
    behaviour: {
      intervalSeconds: num('interval', 0.1, 86_400),
      jitter: num('jitter', 0, 0.9),
      offlineShare: num('offline-share', 0, 0.99),
      meanOnlineSeconds: num('mean-online', 1, 10_000_000),
    },
    concurrency: num('concurrency', 1, 10_000),
    duration: num('duration', 0, 10_000_000),
    quiet: values['quiet-progress'],
  };
}

async function fleet(o: ReturnType<typeof options>): Promise<SimulatedVehicle[]> {
  if (o.register) {
    if (!o.adminToken) throw new Error('--register needs ADMIN_TOKEN or --admin-token');
    const run = randomBytes(4).toString('hex').toUpperCase().replace(/[IOQ]/g, '0').slice(0, 6);
    const vehicles = await registerFleet({
      url: o.url,
      adminToken: o.adminToken,
      count: o.vehicles,
      customers: o.customers,
      run,
      log: console.log,
      tokensIn,
    });
    if (o.tokens)
      writeFileSync(
        o.tokens,
        JSON.stringify(Object.fromEntries(vehicles.map((v) => [v.vin, v.token])), null, 2),
        { mode: 0o600 },
      );
    return vehicles;
  }
  if (!o.tokens || !existsSync(o.tokens))
    throw new Error('give --tokens FILE, or --register to create a fleet');
  const tokens = JSON.parse(readFileSync(o.tokens, 'utf8')) as Record<string, string>;
  // for..in rather than Object.entries: a million [vin, token] pairs cost seconds of garbage at start.
  const vehicles: SimulatedVehicle[] = [];
  for (const vin in tokens) {
    if (vehicles.length >= o.vehicles) break;
    vehicles.push({ vin, token: tokens[vin]! });
  }
  return vehicles;
}

async function main() {
  const o = options();
  const vehicles = await fleet(o);
  const sim = new Simulator(o.url, vehicles, o.behaviour, o.concurrency);
  sim.start();
  console.log(
    `simulating ${vehicles.length} vehicles against ${o.url}, a heartbeat every ~${o.behaviour.intervalSeconds} s`,
  );
  let last = 0;
  const progress = setInterval(() => {
    const s = sim.stats;
    const line = `sent ${s.sent} (${Math.round((s.sent - last) / 5)}/s) accepted ${s.accepted} failed ${s.failed} online ${s.online}/${s.total}${s.lastError ? ` last error: ${s.lastError}` : ''}`;
    last = s.sent;
    if (!o.quiet || s.failed) console.log(line);
  }, 5000);
  const stop = () => {
    clearInterval(progress);
    sim.stop();
    console.log(
      `stopped: sent ${sim.stats.sent}, accepted ${sim.stats.accepted}, failed ${sim.stats.failed}`,
    );
    process.exit(0);
  };
  if (o.duration) setTimeout(stop, o.duration * 1000);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
