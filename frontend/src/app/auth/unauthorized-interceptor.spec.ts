import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { ApiError } from '../api/api-error';
import { problemInterceptor } from '../api/problem-interceptor';
import { FakeFleetStream, provideFakeStream } from '../../testing/fakes';
import { Auth } from './auth';
import { unauthorizedInterceptor } from './unauthorized-interceptor';

@Component({ template: '' })
class Blank {}

describe('unauthorizedInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let expired: jasmine.Spy;

  beforeEach(() => {
    expired = jasmine.createSpy('expired');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor, unauthorizedInterceptor])),
        provideHttpClientTesting(),
        { provide: Auth, useValue: { expired } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  function answer(url: string, status: number, method = 'GET'): Promise<unknown> {
    const result = new Promise<unknown>((resolve) =>
      http.request(method, url).subscribe({ next: resolve, error: resolve }),
    );
    backend
      .expectOne({ method, url })
      .flush({ title: 'x', status }, { status, statusText: status === 200 ? 'OK' : 'Error' });
    return result;
  }

  it('sends the operator to sign in on a 401 from the API, and still fails the call with an ApiError', async () => {
    const error = await answer('/api/v1/vehicles', 401);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(error).toEqual(jasmine.any(ApiError));
    expect((error as ApiError).status).toBe(401);
  });

  it('leaves the sign-in routes to their callers', async () => {
    await answer('/api/v1/auth/login', 401, 'POST');
    await answer('/api/v1/auth/session', 401);
    await answer('/api/v1/auth/logout', 401, 'POST');
    expect(expired).not.toHaveBeenCalled();
  });

  it('ignores every other answer', async () => {
    await answer('/api/v1/customers', 200);
    await answer('/api/v1/customers', 403);
    await answer('/api/v1/customers', 429);
    await answer('/api/v1/customers', 500);
    expect(expired).not.toHaveBeenCalled();
  });
});

describe('unauthorizedInterceptor with the real sign-in state', () => {
  it('takes the operator from the page to /login?returnUrl=<the page>', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor, unauthorizedInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        provideFakeStream(new FakeFleetStream()),
      ],
    });
    const router = TestBed.inject(Router);
    const backend = TestBed.inject(HttpTestingController);
    await router.navigateByUrl('/vehicles?status=offline');
    const navigate = spyOn(router, 'navigate').and.callThrough();

    TestBed.inject(HttpClient)
      .get('/api/v1/vehicles')
      .subscribe({ error: () => undefined });
    TestBed.inject(HttpClient)
      .get('/api/v1/customers')
      .subscribe({ error: () => undefined });
    for (const url of ['/api/v1/vehicles', '/api/v1/customers']) {
      backend.expectOne(url).flush({ status: 401 }, { status: 401, statusText: 'Unauthorized' });
    }

    expect(navigate).toHaveBeenCalledTimes(1);
    await navigate.calls.mostRecent().returnValue;
    expect(router.url).toBe('/login?returnUrl=%2Fvehicles%3Fstatus%3Doffline');
    backend.verify();
  });
});
