import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { catchError, throwError } from 'rxjs';
import { ApiError } from './api-error';

/**
 * Turns failed API responses (application/problem+json or not) into ApiError, so pages show the server's
 * own explanation instead of Angular's "Http failure response for ...".
 */
export const problemInterceptor: HttpInterceptorFn = (request, next) =>
  next(request).pipe(
    catchError((error: unknown) =>
      throwError(() => (error instanceof HttpErrorResponse ? ApiError.from(error) : error)),
    ),
  );
