import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { HttpError, serviceUnavailable } from './http-error';
import { isDatabaseUnavailable } from './db-unavailable';

/** Writes an RFC 9457 problem. */
export function sendProblem(res: Response, error: HttpError, instance?: string): void {
  res
    .status(error.status)
    .set(error.headers)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: error.title,
      status: error.status,
      detail: error.detail,
      instance,
      ...error.extra,
    });
}

/** Maps a zod failure to 400, naming each offending field or parameter. */
export function fromZod(err: ZodError, where = 'body'): HttpError {
  const errors = err.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message }));
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new HttpError(400, 'Bad Request', detail, {}, { errors });
}

/** body-parser's own errors carry `type` and `status`; keep their 4xx status with a clear title. */
function fromBodyParser(err: { type?: string; status?: number; message?: string }): HttpError | undefined {
  if (typeof err.status !== 'number' || err.status < 400 || err.status >= 500) return undefined;
  const titles: Record<string, string> = {
    'entity.too.large': 'Payload Too Large',
    'entity.parse.failed': 'Bad Request',
    'encoding.unsupported': 'Unsupported Media Type',
    'charset.unsupported': 'Unsupported Media Type',
  };
  const detail = err.type === 'entity.parse.failed' ? 'the body is not valid JSON' : err.message;
  return new HttpError(err.status, titles[err.type ?? ''] ?? 'Bad Request', detail);
}

/** The one error middleware, registered last: problem+json for everything, 5xx logged with the request. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let problem: HttpError;
    if (err instanceof HttpError) problem = err;
    else if (err instanceof ZodError) problem = fromZod(err);
    else if (isDatabaseUnavailable(err)) problem = serviceUnavailable();
    else if (
      typeof (err as { status?: unknown }).status === 'number' &&
      (err as { status: number }).status === 409
    )
      problem = new HttpError(409, 'Conflict', (err as Error).message);
    else
      problem =
        fromBodyParser(err as never) ??
        new HttpError(500, 'Internal Server Error', 'an unexpected error occurred');
    if (problem.status >= 500) (req.log ?? logger).error({ err }, 'request failed');
    if (res.headersSent) return void res.end();
    sendProblem(res, problem, req.originalUrl);
  };
}

/** 404 for routes nobody handles, as problem+json. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(
    res,
    new HttpError(404, 'Not Found', `no route for ${req.method} ${req.path}`),
    req.originalUrl,
  );
};
