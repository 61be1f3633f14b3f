import type { RequestHandler } from 'express';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';
import { tooManyRequests, type Logger } from '@vehicle-tracker/service-kit';

/**
 * Failed sign-ins per client address (req.ip: set TRUST_PROXY behind a proxy, IPv6 by /56), fixed window, in
 * this replica's memory. Successful sign-ins do not count, so a team behind one address is not locked out by
 * signing in; while an address is over the limit even a right password answers 429 (guessing stops paying).
 */
export function loginLimiter(opts: {
  maxFailures: number;
  windowSeconds: number;
  logger: Logger;
  now?: () => number;
}): RequestHandler {
  const now = opts.now ?? Date.now;
  return rateLimit({
    windowMs: opts.windowSeconds * 1000,
    limit: opts.maxFailures,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    legacyHeaders: false,
    logger: {
      error: (err, msg) => opts.logger.error({ err }, msg ?? 'rate limiter error'),
      warn: (err, msg) => opts.logger.warn({ err }, msg ?? 'rate limiter warning'),
    },
    handler: (req, _res, next) => {
      const reset = (req as typeof req & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime;
      const seconds = reset ? Math.ceil((reset.getTime() - now()) / 1000) : opts.windowSeconds;
      next(tooManyRequests(Math.max(1, seconds), 'too many failed sign-ins from this address; retry later'));
    },
  });
}
