import cors from 'cors';

/**
 * CORS for the listed origins only (exact match): reads with a Bearer token or the session cookie. Other origins
 * get no CORS headers, so browsers keep them out. The cookie is SameSite=Strict, so cross-site pages mostly use
 * the Bearer token from POST /api/v1/auth/login.
 */
export function corsFor(origins: string[]) {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}
