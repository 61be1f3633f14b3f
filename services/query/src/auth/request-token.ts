import type { CookieOptions, Request, Response } from 'express';

export const SESSION_COOKIE = 'vt_session';

/** The value of one cookie of the Cookie header, or undefined. */
function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session token of a request: `Authorization: Bearer <token>` first, else the vt_session cookie. */
export function sessionTokenOf(req: Request): string | undefined {
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1] ?? cookie(req, SESSION_COOKIE);
}

/**
 * HttpOnly (scripts never see it), SameSite=Strict (no cross-site request carries it), Path=/, and Secure when
 * the request came over https (X-Forwarded-Proto counts when TRUST_PROXY is set). A browser-session cookie: the
 * server-side expiry is what ends it.
 */
const cookieOptions = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  path: '/',
  secure: req.secure,
});

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(req));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}
