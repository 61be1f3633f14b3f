import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, Router } from '@angular/router';
import { Auth } from './auth';
import { safeReturnUrl } from './return-url';

/** Every page but /login: signed in (or sign-in switched off), else to /login, which comes back here. */
export const authGuard: CanActivateChildFn = async (_route, state) => {
  const auth = inject(Auth);
  const router = inject(Router);
  const session = await auth.check();
  // 'unknown' (server unreachable) lets the page load and show its own error; the API refuses it anyway.
  if (session.status !== 'signed-out') return true;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** /login: someone already signed in (or with sign-in off) goes straight on to the page asked for. */
export const loginGuard: CanActivateFn = async (route) => {
  const auth = inject(Auth);
  const router = inject(Router);
  // Just found signed out (by authGuard or a 401 on the way here): no need to ask the server again.
  const known = auth.state();
  const session = known.status === 'signed-out' ? known : await auth.check();
  if (session.status !== 'signed-in' && session.status !== 'open') return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));
};
