// The system bench's figures and plots, in the benchmark module contract's shape.
import os from 'node:os';
import { percentile } from '../harness.mjs';
import { countAt } from './simulator-output.mjs';

/** The stack's memory limits per replica (docker-stack.yml). */
const MEMORY_LIMIT_MB = { heartbeat: 384, projector: 512, query: 384 };
const TARGET = { acceptedShare: 0.97, streamP99Ms: 1000, dashboardP95Ms: 100 };

const sorted = (values) => [...values].sort((a, b) => a - b);
const ms = (value) => Math.round(value * 10) / 10;

function throughputFigures(s, load) {
  // The service's counter also counts the bench's probe heartbeats: those are not the simulator's.
  const accepted = load.windowEnd.accepted - load.windowStart.accepted - load.heartbeatMs.length;
  const rejected = load.windowEnd.rejected - load.windowStart.rejected;
  const perSecond = Math.round(accepted / load.windowSeconds);
  const { sentAt, failed = 0 } = load.simulator;
  const sent = countAt(sentAt, s.warmup + s.seconds) - countAt(sentAt, s.warmup);
  return [
    {
      label: `accepted heartbeats/s, steady (${s.vehicles.toLocaleString('en-US')} vehicles)`,
      value: perSecond,
      unit: 'heartbeats/s',
      ceiling: { label: 'the simulator’s rate', value: s.rate },
      target: {
        text: `>= ${TARGET.acceptedShare * 100} % of offered, none refused (${rejected} refused, ${failed} failed)`,
        met: perSecond >= TARGET.acceptedShare * s.rate && rejected === 0 && failed === 0,
      },
    },
    {
      // Below the rate when the load generator itself (or the system's answers) cannot keep up.
      label: 'heartbeats/s the simulator sent (its progress lines)',
      value: Math.round(sent / load.windowSeconds),
      unit: 'heartbeats/s',
      ceiling: { label: 'its rate', value: s.rate },
    },
  ];
}

function latencyFigures(idle, load) {
  const probeMs = sorted(load.probes.map((p) => p.ms));
  const lost = load.lostProbes + load.failures.probes;
  const received = sorted(load.receivedMs);
  const heartbeatMs = sorted(load.heartbeatMs);
  const dashboardMs = sorted(load.dashboardMs);
  const p99 = percentile(probeMs, 99);
  const dashboardP95 = percentile(dashboardMs, 95);
  return [
    {
      label: `heartbeat → status change on the dashboard stream, p50 (${probeMs.length} probes)`,
      value: ms(percentile(probeMs, 50)),
      unit: 'ms',
      ceiling: { label: 'idle system', value: ms(percentile(idle.probeMs, 50)) },
    },
    {
      label: 'heartbeat → status change on the dashboard stream, p99',
      value: ms(p99),
      unit: 'ms',
      ceiling: { label: 'idle system', value: ms(percentile(idle.probeMs, 99)) },
      target: {
        text: `< ${TARGET.streamP99Ms} ms, none lost (${lost} lost)`,
        met: p99 < TARGET.streamP99Ms && lost === 0 && probeMs.length > 0,
      },
    },
    {
      label: `every status change: heartbeat received → on the stream, p95 (${received.length.toLocaleString('en-US')})`,
      value: ms(percentile(received, 95)),
      unit: 'ms',
    },
    {
      label: 'heartbeat request (probe), p99 during load',
      value: ms(percentile(heartbeatMs, 99)),
      unit: 'ms',
      ceiling: { label: 'idle system', value: ms(percentile(idle.heartbeatMs, 99)) },
    },
    {
      label: `dashboard request (page of 50 + counts), p95 during load (${dashboardMs.length})`,
      value: ms(dashboardP95),
      unit: 'ms',
      ceiling: { label: 'idle system', value: ms(percentile(idle.dashboardMs, 95)) },
      target: {
        text: `< ${TARGET.dashboardP95Ms} ms, no errors (${load.failures.dashboard} errors)`,
        met: dashboardP95 < TARGET.dashboardP95Ms && load.failures.dashboard === 0,
      },
    },
    {
      label: 'projection lag, max during the window',
      value: ms(
        Math.max(
          0,
          ...load.samples
            .filter((x) => x.t >= load.windowFrom && x.t <= load.windowFrom + load.windowSeconds)
            .map((x) => x.lagSeconds),
        ) * 1000,
      ),
      unit: 'ms',
    },
  ];
}

function memoryFigures(memory) {
  return Object.entries(memory).map(([name, mb]) => ({
    label: `peak memory (RSS): ${name}${name === 'simulator' ? ' (the load generator)' : ''}`,
    value: Math.round(mb ?? NaN),
    unit: 'MB',
    ...(MEMORY_LIMIT_MB[name]
      ? {
          target: {
            text: `<= ${MEMORY_LIMIT_MB[name]} MB (its limit in docker-stack.yml)`,
            met: mb <= MEMORY_LIMIT_MB[name],
          },
        }
      : {}),
  }));
}

export function systemFigures({ s, idle, load, memory }) {
  return [...throughputFigures(s, load), ...latencyFigures(idle, load), ...memoryFigures(memory)];
}

/** Per-second throughput from the accepted counter's samples. */
function acceptedPerSecond(samples) {
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const dt = samples[i].t - samples[i - 1].t;
    if (dt > 0) points.push([samples[i].t, (samples[i].accepted - samples[i - 1].accepted) / dt]);
  }
  return points;
}

export function systemSeries(load) {
  const t = (x) => Math.round(x * 10) / 10;
  const bands = [{ from: load.windowFrom, to: load.windowFrom + load.windowSeconds, label: 'measured' }];
  return [
    {
      title: 'End to end: projection lag and heartbeat-to-dashboard latency over time',
      x: { label: 's since the load started' },
      y: { label: 'seconds' },
      bands,
      lines: [
        {
          name: 'projection lag (oldest unprojected event)',
          points: load.samples.map((x) => [t(x.t), x.lagSeconds]),
        },
        {
          name: 'probe heartbeat → stream',
          kind: 'scatter',
          points: load.probes.map((p) => [t(p.at), p.ms / 1000]).sort((a, b) => a[0] - b[0]),
        },
      ],
    },
    {
      title: 'End to end: heartbeats accepted and status changes streamed per second',
      x: { label: 's since the load started' },
      y: { label: 'per second' },
      bands,
      lines: [
        { name: 'heartbeats accepted', points: acceptedPerSecond(load.samples) },
        {
          name: 'status changes on the stream',
          points: Array.from(load.statusPerSecond, (n, second) => [second + 0.5, n ?? 0]),
        },
      ],
    },
  ];
}

/** Where the cores went in the measured window: each process's CPU as a share of one core, and the machine's. */
function cpuNote(load) {
  const { cpu: a } = load.windowStart;
  const { cpu: b } = load.windowEnd;
  const share = (name) => Math.round(((b[name] - a[name]) / load.windowSeconds) * 100);
  const parts = ['heartbeat', 'projector', 'query', 'simulator']
    .filter((name) => Number.isFinite(b[name] - a[name]))
    .map((name) => `${name} ${share(name)} %`);
  const machine =
    a.machine && b.machine
      ? `; the machine's ${os.cpus().length} cores were ${Math.round(((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * 100)} % busy (PostgreSQL, the bench, and whatever else ran)`
      : '';
  return `CPU in the measured window, as a share of one core: ${parts.join(', ')}${machine}.`;
}

/** How the run was set up, for the report. */
export function systemNotes({ s, fleet, load, interval, offlineAfter, endMb }) {
  const n = (x) => Math.round(x).toLocaleString('en-US');
  return [
    `${n(s.vehicles)} vehicles over ${n(s.customers)} customers registered through the event store in ` +
      `${n(fleet.seedMs / 1000)} s (${n((s.vehicles / fleet.seedMs) * 1000)} vehicles/s), all projected ` +
      `${n(fleet.projectedMs / 1000)} s after the first was appended.`,
    `Load: the simulator sends ${n(s.rate)} heartbeats/s (each vehicle every ${n(interval)} s, OFFLINE_AFTER ` +
      `${offlineAfter} s), ${s.warmup} s warm-up, then ${s.seconds} s measured. Every vehicle starts never-seen, so ` +
      'every heartbeat is a status change: the projector’s and the stream’s worst case (in steady state few are).',
    'The dashboard is the bench: the fleet-wide event stream (no customer filter) and page requests of 50 (all, ' +
      'online, one customer) four times a second; probe heartbeats five times a second from vehicles of its own, ' +
      'timed from the request to their status change arriving on the stream.',
    cpuNote(load),
    'Ceilings: the simulator’s rate, and the same measurement on the idle system just before the load. Peak ' +
      'memory covers the whole run (the projector’s includes its catch-up over the registrations); at the end: ' +
      `${Object.entries(endMb)
        .filter(([, mb]) => Number.isFinite(mb))
        .map(([name, mb]) => `${name} ${n(mb)} MB`)
        .join(', ')}.`,
  ];
}
