import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { badRequest, serviceUnavailable, type Logger } from '@vehicle-tracker/service-kit';
import type { HeartbeatIngest } from '../ingest/heartbeat-ingest';
import { rejectionReason, type IngestMetrics } from '../ingest/metrics';
import { parseHeartbeatBody, readBody } from './body';
import type { ClientLimit } from './client-limit';
import { SECURITY_HEADERS, requestId, sendJson, sendRawProblem, toHttpError } from './raw-response';

export interface FastPathDeps {
  ingest: HeartbeatIngest;
  metrics: IngestMetrics;
  logger: Logger;
  bodyLimit: number;
  now: () => Date;
  clientLimit: ClientLimit;
  /** False until migrations are applied: answer 503 meanwhile. */
  isReady: () => boolean;
}

const SINGLE = /^\/api\/v1\/vehicles\/([^/]+)\/heartbeats\/?$/;
const LEGACY = /^\/heartbeat\/([^/]+)\/?$/;
const PONG = JSON.stringify({ message: 'pong' });

/**
 * The per-heartbeat routes on plain node:http, in front of the express app, which gets every other request.
 * A heartbeat pays for routing by two regexes, a body read, a map lookup for auth and the group commit; not
 * for express's router, body-parser or per-request child loggers (bench/ingest.mjs has the figures).
 */
export function createFastPath(deps: FastPathDeps, fallback: RequestListener): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (path === '/heartbeat/ping' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': PONG.length,
      });
      return void res.end(req.method === 'HEAD' ? undefined : PONG);
    }
    if (req.method === 'POST') {
      const single = SINGLE.exec(path);
      if (single) return void heartbeat(deps, req, res, single[1]!, 'device', path);
      const legacy = LEGACY.exec(path);
      if (legacy) return void heartbeat(deps, req, res, legacy[1]!, 'legacy', path);
    }
    fallback(req, res);
  };
}

async function heartbeat(
  deps: FastPathDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rawVin: string,
  source: 'device' | 'legacy',
  path: string,
): Promise<void> {
  const receivedAt = deps.now();
  const reqId = requestId(req);
  try {
    // First: a flooding address costs a map lookup, not a body read or a credential query.
    const refusal = deps.clientLimit(req);
    if (refusal) throw refusal;
    if (!deps.isReady()) throw serviceUnavailable(5, 'starting: migrations not applied yet');
    const vin = await deps.ingest.authorizeDevice(decodeVin(rawVin), req.headers.authorization);
    const body = parseHeartbeatBody(await readBody(req, deps.bodyLimit), req.headers['content-type']);
    const accepted = await deps.ingest.record(vin, body, receivedAt, { correlationId: reqId, source });
    if (source === 'legacy') sendJson(res, 200, { entity_id: accepted.eventId }, reqId);
    else sendJson(res, 202, accepted, reqId);
    deps.logger.debug({ reqId, vin, eventId: accepted.eventId }, 'heartbeat recorded');
  } catch (err) {
    const problem = toHttpError(err);
    deps.metrics.rejected.inc({ reason: rejectionReason(problem.status) });
    if (problem.status === 503)
      deps.logger.warn({ reqId, detail: problem.detail, path }, 'heartbeat unavailable');
    else if (problem.status >= 500) deps.logger.error({ reqId, err, path }, 'heartbeat failed');
    else
      deps.logger.debug({ reqId, status: problem.status, detail: problem.detail, path }, 'heartbeat refused');
    sendRawProblem(res, problem, req.url ?? path, reqId);
  }
}

function decodeVin(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('malformed VIN');
  }
}
