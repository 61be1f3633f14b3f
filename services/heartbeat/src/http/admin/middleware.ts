import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { ZodType } from 'zod';
import { HttpError, fromZod, unauthorized } from '@vehicle-tracker/service-kit';
import { bearerToken } from '../../domain/tokens';
import type { CommandContext } from '../../registry/run-command';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** ADMIN_TOKEN as a bearer token, compared in constant time (both sides hashed to the same length). */
export function requireAdmin(adminToken: string): RequestHandler {
  const expected = sha256(adminToken);
  return (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token || !timingSafeEqual(sha256(token), expected))
      throw unauthorized('the admin bearer token is required');
    next();
  };
}

/** A request that carries a body must say it is JSON (415 otherwise); bodiless commands may omit it. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is(['application/json', '+json']))
    throw new HttpError(415, 'Unsupported Media Type', 'send the body as application/json');
  next();
};

/** Parses path or query parameters; a bad one is 400 naming it. */
export function parseParams<T>(schema: ZodType<T>, value: unknown, where: 'params' | 'query'): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error, where);
  return result.data;
}

/** The body, or `{}` when none was sent (bodiless POSTs such as a token rotation). */
export const bodyOf = (req: Request): unknown => req.body ?? {};

export const commandContext = (req: Request): CommandContext => ({
  correlationId: String(req.id),
  source: 'admin-api',
});
