import express, { Router } from 'express';
import { GatewayBatchBody, MAX_GATEWAY_BATCH, type GatewayBatchResult } from '@vehicle-tracker/contracts';
import { fromZod, serviceUnavailable } from '@vehicle-tracker/service-kit';
import type { HeartbeatIngest } from '../ingest/heartbeat-ingest';
import { rejectionReason, type IngestMetrics } from '../ingest/metrics';
import { requireJsonBody } from './admin/middleware';
import { toHttpError } from './raw-response';

type ItemResult = GatewayBatchResult['results'][number];

/**
 * POST /api/v1/heartbeats: a gateway forwards up to 1000 heartbeats of many vehicles. The request as a whole is
 * refused (401, 400, 413, 415) before anything is written; then each item is checked and appended on its own
 * and answered in `results`, in request order. Through express: per request, its cost is shared by 1000 items.
 */
export function gatewayBatchRoutes(deps: {
  ingest: HeartbeatIngest;
  metrics: IngestMetrics;
  bodyLimit: number;
  now: () => Date;
}): Router {
  const router = Router();
  router.post(
    '/api/v1/heartbeats',
    async (req, res, next) => {
      res.locals.gatewayId = await deps.ingest.authorizeGateway(req.headers.authorization);
      next();
    },
    requireJsonBody,
    express.json({ limit: deps.bodyLimit }),
    async (req, res) => {
      const receivedAt = deps.now();
      const parsed = GatewayBatchBody.safeParse(req.body ?? {});
      if (!parsed.success) throw batchError(parsed.error);
      const ctx = {
        correlationId: String(req.id),
        source: 'gateway' as const,
        gatewayId: String(res.locals.gatewayId),
      };
      const results = await Promise.all(
        parsed.data.heartbeats.map((item, index) =>
          deps.ingest.recordItem(item, receivedAt, ctx).then(
            (ok): ItemResult => ({ index, status: 202, ...ok }),
            (err: unknown): ItemResult => {
              const problem = toHttpError(err);
              deps.metrics.rejected.inc({ reason: rejectionReason(problem.status) });
              const vin = (item as { vin?: unknown } | null)?.vin;
              const base = {
                index,
                status: problem.status,
                title: problem.title,
                detail: problem.detail ?? '',
              };
              return typeof vin === 'string' ? { ...base, vin } : base;
            },
          ),
        ),
      );
      const accepted = results.filter((r) => r.status === 202).length;
      if (accepted === 0 && results.every((r) => r.status === 503)) throw serviceUnavailable(2);
      res.json({ accepted, rejected: results.length - accepted, results } satisfies GatewayBatchResult);
    },
  );
  return router;
}

function batchError(err: import('zod').ZodError) {
  const tooMany = err.issues.some((i) => i.code === 'too_big');
  const problem = fromZod(err);
  return tooMany
    ? Object.assign(problem, {
        detail: `at most ${MAX_GATEWAY_BATCH} heartbeats per request; ${problem.detail}`,
      })
    : problem;
}
