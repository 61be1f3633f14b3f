import type { RequestHandler } from 'express';
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { StreamHub } from '../stream/hub';

/** Request durations by route, and the number of open event streams. */
export function queryMetrics(registry: Registry, hub: StreamHub): RequestHandler {
  const duration = new Histogram({
    name: 'query_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'query_sse_streams',
    help: 'Open Server-Sent Events streams',
    registers: [registry],
    collect() {
      this.set(hub.size);
    },
  });
  return (req, res, next) => {
    const end = duration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  };
}
