import { Counter, Histogram, type Registry } from 'prom-client';

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

/** Heartbeats accepted (by route) and rejected (by reason), batch sizes and append latency. */
export function createIngestMetrics(registry: Registry) {
  return {
    accepted: new Counter({
      name: 'heartbeats_accepted_total',
      help: 'Heartbeats committed to the log',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'heartbeats_rejected_total',
      help: 'Heartbeats refused, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'heartbeat_append_batch_size',
      help: 'Events per group-commit append',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers: [registry],
    }),
    appendSeconds: new Histogram({
      name: 'heartbeat_append_duration_seconds',
      help: 'Duration of one group-commit append (one INSERT and commit)',
      labelNames: ['outcome'] as const,
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}

const REASONS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'unknown_vehicle',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** The metric label of a refusal status. */
export const rejectionReason = (status: number): string =>
  REASONS[status] ?? (status >= 500 ? 'error' : 'other');
