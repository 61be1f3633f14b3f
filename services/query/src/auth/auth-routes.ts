import express, { Router, type RequestHandler } from 'express';
import { LoginBody, type LoginResponse, type SessionResponse } from '@vehicle-tracker/contracts';
import { findOperator, verifyPassword } from '@vehicle-tracker/operator-auth';
import {
  HttpError,
  storableBody,
  unauthorized,
  type Logger,
  type Queryable,
} from '@vehicle-tracker/service-kit';
import type { AuthOptions } from './auth-options';
import { loginLimiter } from './login-limiter';
import type { OperatorSessions } from './operator-sessions';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './request-token';

/** JSON only: a cross-site form cannot send it without a CORS preflight (login CSRF). */
const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json'))
    throw new HttpError(415, 'Unsupported Media Type', 'send the body as application/json');
  next();
};

/** Tokens and identities are never cached by a browser or proxy. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const WRONG = 'wrong username or password';

/** The account's username when `body` signs in, else null; always one scrypt, whether the user exists or not. */
async function authenticate(db: Queryable, body: LoginBody): Promise<string | null> {
  const account = await findOperator(db, body.username);
  const matches = await verifyPassword(body.password, account?.passwordHash ?? null);
  return account && matches && !account.disabled ? account.username : null;
}

/** POST /api/v1/auth/login, GET /api/v1/auth/session, POST /api/v1/auth/logout: open routes. */
export function authRoutes(deps: {
  db: Queryable;
  auth: AuthOptions;
  sessions: OperatorSessions;
  logger: Logger;
}): Router {
  const { db, auth, sessions } = deps;
  const router = Router();
  router.use('/api/v1/auth', noStore);

  router.post(
    '/api/v1/auth/login',
    loginLimiter({
      maxFailures: auth.loginMaxFailures,
      windowSeconds: auth.loginWindowSeconds,
      logger: deps.logger,
    }),
    requireJson,
    express.json({ limit: '4kb' }),
    storableBody,
    async (req, res) => {
      const username = await authenticate(db, LoginBody.parse(req.body));
      if (!username) throw unauthorized(WRONG);
      const session = await sessions.start(username);
      setSessionCookie(req, res, session.token);
      const body: LoginResponse = {
        username,
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
      };
      res.json(body);
    },
  );

  router.get('/api/v1/auth/session', async (req, res) => {
    if (!auth.required) {
      const open: SessionResponse = { username: null, expiresAt: null, authRequired: false };
      return void res.json(open);
    }
    const session = await sessions.validate(sessionTokenOf(req));
    if (!session) throw unauthorized('no session: sign in with POST /api/v1/auth/login');
    const body: SessionResponse = {
      username: session.username,
      expiresAt: session.expiresAt.toISOString(),
      authRequired: true,
    };
    res.json(body);
  });

  router.post('/api/v1/auth/logout', async (req, res) => {
    await sessions.end(sessionTokenOf(req));
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  return router;
}
