import { HttpErrorResponse } from '@angular/common/http';
import { Problem } from './api-types';

/** What every API call fails with once the problem interceptor has seen the response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
    /** From a 429's or 503's Retry-After header, in seconds. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  static from(response: HttpErrorResponse): ApiError {
    if (response.status === 0) {
      return new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
    }
    const problem = asProblem(response.error);
    const message = problem?.detail || problem?.title || `The server answered ${response.status}.`;
    return new ApiError(response.status, message, problem, retryAfter(response.headers.get('Retry-After')));
  }
}

/** A message fit for the screen, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** Retry-After is either delay-seconds or an HTTP date. */
function retryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function asProblem(body: unknown): Problem | null {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  return body !== null && typeof body === 'object' ? (body as Problem) : null;
}
