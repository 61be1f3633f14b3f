import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ApiError } from './api-error';
import { problemInterceptor } from './problem-interceptor';

describe('problemInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([problemInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  function failWith(
    body: object | string,
    status: number,
    statusText = 'Error',
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    const result = new Promise<unknown>((resolve) => http.get('/api/v1/x').subscribe({ error: resolve }));
    backend.expectOne('/api/v1/x').flush(body, { status, statusText, headers });
    return result;
  }

  it('turns a problem+json answer into an ApiError carrying its detail', async () => {
    const error = await failWith(
      { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No vehicle with VIN X.' },
      404,
    );
    expect(error).toEqual(jasmine.any(ApiError));
    const apiError = error as ApiError;
    expect(apiError.status).toBe(404);
    expect(apiError.notFound).toBeTrue();
    expect(apiError.message).toBe('No vehicle with VIN X.');
    expect(apiError.problem?.title).toBe('Not Found');
  });

  it('falls back to the title, then to the status', async () => {
    expect(((await failWith({ title: 'Bad Request', status: 400 }, 400)) as ApiError).message).toBe(
      'Bad Request',
    );
    expect(((await failWith('<html>oops</html>', 502)) as ApiError).message).toBe('The server answered 502.');
  });

  it('says the server cannot be reached when there is no answer at all', async () => {
    const result = new Promise<unknown>((resolve) => http.get('/api/v1/x').subscribe({ error: resolve }));
    backend.expectOne('/api/v1/x').error(new ProgressEvent('error'), { status: 0 });
    const error = (await result) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toContain('cannot be reached');
  });

  it('carries Retry-After, in seconds or as a date', async () => {
    const seconds = (await failWith({ status: 429 }, 429, 'x', { 'Retry-After': '12' })) as ApiError;
    expect(seconds.retryAfterSeconds).toBe(12);
    const date = new Date(Date.now() + 60_000).toUTCString();
    const dated = (await failWith({ status: 503 }, 503, 'x', { 'Retry-After': date })) as ApiError;
    expect(dated.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(dated.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(((await failWith({ status: 500 }, 500)) as ApiError).retryAfterSeconds).toBeNull();
  });
});
