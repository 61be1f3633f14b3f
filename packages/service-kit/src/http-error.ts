/** An error that answers with its status as problem+json; thrown from handlers and domain code alike. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpError';
  }
}

export const badRequest = (detail: string, extra?: Record<string, unknown>) =>
  new HttpError(400, 'Bad Request', detail, {}, extra);
export const unauthorized = (detail = 'a valid bearer token is required') =>
  new HttpError(401, 'Unauthorized', detail, { 'WWW-Authenticate': 'Bearer' });
export const notFound = (detail: string) => new HttpError(404, 'Not Found', detail);
export const conflict = (detail: string) => new HttpError(409, 'Conflict', detail);
export const tooManyRequests = (retryAfterSeconds: number, detail = 'too many requests') =>
  new HttpError(429, 'Too Many Requests', detail, { 'Retry-After': String(retryAfterSeconds) });
export const serviceUnavailable = (
  retryAfterSeconds = 5,
  detail = 'the database is unavailable; retry shortly',
) => new HttpError(503, 'Service Unavailable', detail, { 'Retry-After': String(retryAfterSeconds) });
