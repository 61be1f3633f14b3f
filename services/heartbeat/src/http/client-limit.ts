import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { HttpError } from '@vehicle-tracker/service-kit';
import { RateLimiter } from '../domain/rate-limiter';
import { addressKey, clientAddressResolver, type TrustProxy } from './client-address';

/** The refusal for a request over its address's rate, or undefined to go on. */
export type ClientLimit = (req: IncomingMessage) => HttpError | undefined;

/** Buckets kept at most (~100 bytes each): an address spray costs memory up to this, then evicts. */
export const MAX_CLIENT_BUCKETS = 100_000;

/**
 * Requests per client address (CLIENT_RATE_PER_MINUTE, CLIENT_RATE_BURST; 0 turns it off), checked first on
 * every route that takes input: before the body is read and before any database work. It bounds what one
 * address can make the service do (wrong-token floods, admin token guessing), not what a vehicle may send:
 * the per-vehicle limit does that. The default is far above a gateway or a depot behind one NAT address.
 */
export function createClientLimit(opts: {
  perMinute: number;
  burst: number;
  trustProxy: TrustProxy;
  now?: () => number;
  maxEntries?: number;
}): ClientLimit {
  if (opts.perMinute === 0) return () => undefined;
  const limiter = new RateLimiter({
    perMinute: opts.perMinute,
    burst: opts.burst,
    now: opts.now ?? Date.now,
    maxEntries: opts.maxEntries ?? MAX_CLIENT_BUCKETS,
  });
  const addressOf = clientAddressResolver(opts.trustProxy);
  return (req) => {
    const decision = limiter.take(addressKey(addressOf(req)));
    return decision.ok ? undefined : tooManyFromAddress(req, decision.retryAfterSeconds);
  };
}

function tooManyFromAddress(req: IncomingMessage, retryAfterSeconds: number): HttpError {
  const headers: Record<string, string> = { 'Retry-After': String(retryAfterSeconds) };
  // The body is not read: close rather than receive a large one only to throw it away.
  if (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined)
    headers.Connection = 'close';
  return new HttpError(429, 'Too Many Requests', 'too many requests from this address; retry later', headers);
}

/** The limit as express middleware (gateway batches, admin and import routes). */
export const clientLimitMiddleware =
  (limit: ClientLimit): RequestHandler =>
  (req, _res, next) => {
    const refusal = limit(req);
    if (refusal) throw refusal;
    next();
  };
