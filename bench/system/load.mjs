// The load phase: the simulator drives the fleet; every second the bench samples accepted heartbeats (the
// heartbeat service's counter), the projection lag (the projector's own status query) and each process's memory;
// in the measured window it requests dashboard pages and sends probe heartbeats, timed to the event stream.
import { projectionStatus } from '../../services/projector/dist/db/status.js';
import { counterTotal, dashboardPath, httpClient, openStream, sendHeartbeat } from './clients.mjs';
import { cpuSecondsOf, machineCpuSeconds, memoryOf, stopPart } from './processes.mjs';
import { simulatorOutput } from './simulator-output.mjs';
import { IDLE_PROBES } from './idle.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (t) => sleep(Math.max(0, t - performance.now()));
const PROBE_EVERY_MS = 200;
const DASHBOARD_EVERY_MS = 250;

/** The position every projection has reached (0 before the first batch). */
export async function projectedUpTo(pool) {
  const { rows } = await pool.query('SELECT min(global_position) AS at FROM rm.checkpoint');
  return rows[0]?.at ?? 0;
}

async function lag(pool) {
  const status = await projectionStatus(pool, 'rm');
  return {
    seconds: Math.max(0, ...status.map((p) => p.lagSeconds)),
    events: Math.max(0, ...status.map((p) => p.lagEvents)),
  };
}

/** What the run records. Time 0 is when the simulator starts sending (reading a million tokens takes a while). */
class Recording {
  samples = [];
  statusPerSecond = [];
  receivedMs = [];
  probes = [];
  heartbeatMs = [];
  dashboardMs = [];
  failures = { probes: 0, dashboard: 0 };
  peakMb = {};
  pending = new Map();
  t0 = Infinity;
  windowStart = Infinity;
  windowEnd = Infinity;

  start(warmup, seconds) {
    this.t0 = performance.now();
    this.windowStart = this.t0 + warmup * 1000;
    this.windowEnd = this.windowStart + seconds * 1000;
  }

  since = (t) => (t - this.t0) / 1000;
  inWindow = (t) => t >= this.windowStart && t < this.windowEnd;

  /** A status change on the stream: counted per second; a probe's ends its timing. */
  onStatus = (data, at) => {
    if (at < this.t0) return;
    const second = Math.floor(this.since(at));
    this.statusPerSecond[second] = (this.statusPerSecond[second] ?? 0) + 1;
    if (data.status !== 'online') return;
    if (this.inWindow(at) && data.lastSeenAt)
      this.receivedMs.push(performance.timeOrigin + at - Date.parse(data.lastSeenAt));
    const sent = this.pending.get(data.vin);
    if (sent !== undefined) {
      this.pending.delete(data.vin);
      this.probes.push({ at: this.since(sent), ms: at - sent });
    }
  };
}

/** Every second: memory of each process, the accepted counter and the projection lag. */
function sampler(rec, all, counters, pool) {
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const [name, part] of Object.entries(all)) {
        const m = memoryOf(part);
        if (m) rec.peakMb[name] = Math.max(rec.peakMb[name] ?? 0, m.peakMb);
      }
      const t = performance.now();
      const [c, l] = await Promise.all([counters(), lag(pool)]);
      rec.samples.push({ t: rec.since(t), ...c, lagSeconds: l.seconds, lagEvents: l.events });
    } catch (err) {
      if (!rec.sampleError) console.log(`  [system] a sample failed: ${err.message}`);
      rec.sampleError = err.message;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sample(), 1000);
  return { sample, stop: () => clearInterval(timer) };
}

/** In the window, a probe heartbeat every PROBE_EVERY_MS from the next unused probe vehicle. */
function prober(rec, heartbeat, probes) {
  let next = IDLE_PROBES;
  const timer = setInterval(() => {
    const now = performance.now();
    if (!rec.inWindow(now) || next >= probes.length) return;
    const v = probes[next++];
    rec.pending.set(v.vin, now);
    sendHeartbeat(heartbeat, v.vin, v.token, 1).then(
      (res) => (res.status === 202 ? rec.heartbeatMs.push(res.ms) : rec.failures.probes++),
      () => rec.failures.probes++,
    );
  }, PROBE_EVERY_MS);
  return { stop: () => clearInterval(timer) };
}

/** Dashboard page requests, one at a time, every DASHBOARD_EVERY_MS until the window ends. */
async function dashboards(rec, query, customers) {
  for (let i = 0; performance.now() < rec.windowEnd; i++) {
    const started = performance.now();
    const res = await query.request('GET', dashboardPath(i, customers));
    if (res.status === 200) rec.dashboardMs.push(res.ms);
    else rec.failures.dashboard++;
    await sleepUntil(started + DASHBOARD_EVERY_MS);
  }
}

/** The simulator's whole run; killed if it outlives its --duration by far. */
async function simulatorRun(simPart, s) {
  const timer = setTimeout(() => void stopPart(simPart), (s.warmup + s.seconds + 60) * 1000);
  try {
    return await simPart.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the load; returns samples, per-second stream counts, the window's latencies and counters, peak memory. */
export async function runLoad({ ports, customers, probes, pool, parts, simulator, sizes: s, quick }) {
  const rec = new Recording();
  const stream = await openStream(ports.query, { onStatus: rec.onStatus });
  const heartbeat = httpClient(ports.heartbeat, 8);
  const query = httpClient(ports.query, 2);
  const counters = async () => {
    const text = (await heartbeat.request('GET', '/metrics')).body;
    return {
      accepted: counterTotal(text, 'heartbeats_accepted_total'),
      rejected: counterTotal(text, 'heartbeats_rejected_total'),
    };
  };
  const sim = simulatorOutput(rec.since);
  const simPart = simulator(sim.onLine);
  const all = { ...parts, simulator: simPart };
  const cpu = () => ({
    ...Object.fromEntries(Object.entries(all).map(([name, part]) => [name, cpuSecondsOf(part)])),
    machine: machineCpuSeconds(),
  });
  let samples;
  let probing;
  try {
    await Promise.race([
      sim.started,
      simPart.exited.then(({ code }) => Promise.reject(new Error(`the simulator exited (${code})`))),
    ]);
    rec.start(s.warmup, s.seconds);
    samples = sampler(rec, all, counters, pool);
    probing = prober(rec, heartbeat, probes);
    await sleepUntil(rec.windowStart);
    const pages = dashboards(rec, query, customers);
    const windowStart = { cpu: cpu(), ...(await counters()) };
    await sleepUntil(rec.windowEnd);
    const windowEnd = { cpu: cpu(), ...(await counters()) };
    await pages;
    const exit = await simulatorRun(simPart, s);
    // Drain: the lag plot shows the system settling; probes still on their way arrive.
    const drainUntil = performance.now() + (quick ? 5_000 : 20_000);
    while (performance.now() < drainUntil && (rec.pending.size || (await lag(pool)).events > 0))
      await sleep(250);
    await samples.sample();
    return {
      ...rec,
      windowStart,
      windowEnd,
      windowFrom: s.warmup,
      windowSeconds: s.seconds,
      simulator: { ...exit, ...sim.out },
      lostProbes: rec.pending.size,
    };
  } finally {
    samples?.stop();
    probing?.stop();
    await stopPart(simPart);
    stream.close();
    heartbeat.close();
    query.close();
  }
}
