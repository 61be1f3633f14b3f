import { createHash, randomBytes } from 'node:crypto';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new session token (32 random bytes, base64url: 43 characters) and the sha-256 hex stored in its place. */
export function createSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

/** The sha-256 hex of a token: what the sessions table keys on (a table copy cannot be replayed). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `token` could be one of ours; anything else is refused without a database lookup. */
export function isSessionTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
