import {
  createSessionToken,
  deleteExpiredSessions,
  deleteSession,
  findSession,
  hashSessionToken,
  insertSession,
  isSessionTokenShaped,
  type OperatorSession,
} from '@vehicle-tracker/operator-auth';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { SessionCache } from './session-cache';

export interface OperatorSessions {
  /** Starts a session; returns the token (shown once, only its hash is stored). */
  start(username: string): Promise<OperatorSession & { token: string }>;
  /** The live session of a token, from memory when validated in the last cache period, else null. */
  validate(token: string | undefined): Promise<OperatorSession | null>;
  /** Ends the session of a token (on this replica's cache at once). */
  end(token: string | undefined): Promise<void>;
}

/** Sessions in the database, with a short in-memory cache of validated ones (see AuthOptions.sessionCacheMs). */
export function operatorSessions(
  db: Queryable,
  opts: { ttlSeconds: number; cacheMs: number; now: () => Date },
): OperatorSessions {
  const cache = new SessionCache(opts.cacheMs, opts.now);
  return {
    async start(username) {
      const createdAt = opts.now();
      const expiresAt = new Date(createdAt.getTime() + opts.ttlSeconds * 1000);
      const { token, tokenHash } = createSessionToken();
      // Sign-ins are rare: pruning here keeps the table small without a timer.
      await deleteExpiredSessions(db, createdAt);
      await insertSession(db, { tokenHash, username, createdAt, expiresAt });
      return { token, username, expiresAt };
    },
    async validate(token) {
      if (token === undefined || !isSessionTokenShaped(token)) return null;
      const tokenHash = hashSessionToken(token);
      const cached = cache.get(tokenHash);
      if (cached) return cached;
      const session = await findSession(db, tokenHash, opts.now());
      if (session) cache.set(tokenHash, session);
      return session;
    },
    async end(token) {
      if (token === undefined || !isSessionTokenShaped(token)) return;
      const tokenHash = hashSessionToken(token);
      cache.delete(tokenHash);
      await deleteSession(db, tokenHash);
    },
  };
}
