import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { storableBody } from '@vehicle-tracker/service-kit';

// In UTF-8 JSON, NUL and lone surrogates can only come from \u escapes: raw control characters are invalid JSON,
// and invalid UTF-8 bytes decode to U+FFFD. A \\u (an escaped backslash) only makes this match more often.
const SUSPECT_ESCAPE = /\\u(?:0000|d[89a-f])/i;
const suspects = new WeakSet<IncomingMessage>();

/**
 * express.json's `verify`: marks a request whose raw body could hold text PostgreSQL cannot store (any charset
 * but UTF-8, or a \u0000 or \uD8xx-\uDFxx escape). One byte search over the body instead of walking every
 * string of 1000 parsed items, which was as costly as validating them.
 */
export function screenRawJson(req: IncomingMessage, _res: unknown, raw: Buffer): void {
  const charset = /charset=([^;\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  const utf8 = charset === undefined || charset === 'utf-8' || charset === 'utf8';
  if (!utf8 || (raw.includes('\\u') && SUSPECT_ESCAPE.test(raw.toString('latin1')))) suspects.add(req);
}

/** storableBody (400 for NUL or an unpaired surrogate, naming where) for the bodies screenRawJson marked. */
export const storableJsonBody: RequestHandler = (req, res, next) =>
  suspects.has(req) ? storableBody(req, res, next) : next();
