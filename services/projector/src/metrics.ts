import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RunnerMetrics } from './projection/runner';

/** Prometheus metrics of the projector; events/s is rate(vt_projector_events_total). */
export function projectorMetrics(
  registry: Registry,
  lagEvents: () => Promise<number>,
): RunnerMetrics & { setActive(active: boolean): void } {
  const events = new Counter({
    name: 'vt_projector_events_total',
    help: 'Events applied',
    registers: [registry],
  });
  const flips = new Counter({
    name: 'vt_projector_deadline_flips_total',
    help: 'Vehicles flipped offline at their deadline by the live pass',
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'vt_projector_batch_duration_seconds',
    help: 'Time to fold and commit one batch',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const lagSeconds = new Gauge({
    name: 'vt_projector_lag_seconds',
    help: 'Age (since its commit) of the newest event applied, when its batch committed',
    registers: [registry],
  });
  new Gauge({
    name: 'vt_projector_lag_events',
    help: 'Events in the log after the checkpoint (approximate: sequence gaps count)',
    registers: [registry],
    async collect() {
      this.set(await lagEvents().catch(() => NaN));
    },
  });
  const active = new Gauge({
    name: 'vt_projector_active',
    help: '1 while this replica holds the projector lock',
    registers: [registry],
  });
  return {
    batch(count, seconds, lastRecordedAt) {
      events.inc(count);
      duration.observe(seconds);
      if (lastRecordedAt) lagSeconds.set(Math.max(0, (Date.now() - lastRecordedAt.getTime()) / 1000));
    },
    flips: (count) => flips.inc(count),
    setActive: (on) => active.set(on ? 1 : 0),
  };
}
