import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError, isDatabaseUnavailable, serviceUnavailable } from '@vehicle-tracker/service-kit';

/**
 * What helmet and the /api middleware give express's answers that matters for JSON from an API: no MIME
 * sniffing, and nothing kept by caches or proxies (answers name vehicles; admin ones carry tokens).
 */
export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
} as const;

/** X-Request-Id as sent (when sane), else a new one; the same rule as the express request logger. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, reqId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Request-Id': reqId,
  });
  res.end(text);
}

/** Any failure as an HttpError: database unreachable is 503, anything unexpected 500. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (isDatabaseUnavailable(err)) return serviceUnavailable(2);
  return new HttpError(500, 'Internal Server Error', 'an unexpected error occurred');
}

/** problem+json without express, same shape as service-kit's sendProblem. */
export function sendRawProblem(
  res: ServerResponse,
  problem: HttpError,
  instance: string,
  reqId: string,
): void {
  const text = JSON.stringify({
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance,
    ...problem.extra,
  });
  res.writeHead(problem.status, {
    ...problem.headers,
    ...SECURITY_HEADERS,
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Request-Id': reqId,
  });
  res.end(text);
}
