import { HttpErrorResponse } from '@angular/common/http';
import { Problem } from './api-types';

/** What every API call fails with once the problem interceptor has seen the response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
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
    return new ApiError(response.status, message, problem);
  }
}

/** A message fit for the screen, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
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
