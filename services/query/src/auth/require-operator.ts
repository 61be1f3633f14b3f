import type { RequestHandler } from 'express';
import { unauthorized } from '@vehicle-tracker/service-kit';
import type { OperatorSessions } from './operator-sessions';
import { sessionTokenOf } from './request-token';

/**
 * Every route registered after this needs a live operator session (Bearer token or vt_session cookie): else
 * 401 problem+json with `WWW-Authenticate: Bearer`. With OPERATOR_AUTH=off it lets everything through.
 */
export function requireOperator(required: boolean, sessions: OperatorSessions): RequestHandler {
  if (!required) return (_req, _res, next) => next();
  return async (req, _res, next) => {
    const session = await sessions.validate(sessionTokenOf(req));
    if (!session) throw unauthorized('sign in first: POST /api/v1/auth/login');
    next();
  };
}
