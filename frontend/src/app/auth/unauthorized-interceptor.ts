import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { tap } from 'rxjs';
import { AUTH_BASE } from '../api/auth-api';
import { Auth } from './auth';

/**
 * A 401 from the API means the session is gone: the operator goes to /login?returnUrl=<here>. The auth routes
 * are left to their callers (a 401 from login is a wrong password, from session the guard's answer).
 * Sits inside the problem interceptor, so it still sees the HttpErrorResponse; the error goes on as it was.
 */
export const unauthorizedInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(Auth);
  return next(request).pipe(
    tap({
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401 && !isAuthRoute(request.url)) {
          auth.expired();
        }
      },
    }),
  );
};

function isAuthRoute(url: string): boolean {
  return url.startsWith(`${AUTH_BASE}/`);
}
