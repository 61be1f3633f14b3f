import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { problemInterceptor } from '../api/problem-interceptor';
import { FakeFleetStream, provideFakeStream } from '../../testing/fakes';
import { nextRequest } from '../../testing/http';
import { authGuard, loginGuard } from './auth-guard';

@Component({ template: 'sign-in page' })
class LoginStub {}

@Component({ template: 'a page' })
class Page {}

const SIGNED_IN = { username: 'operator', expiresAt: '2026-11-21T00:00:00Z', authRequired: true };

describe('authGuard and loginGuard', () => {
  let backend: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideFakeStream(new FakeFleetStream()),
        provideRouter([
          { path: 'login', canActivate: [loginGuard], component: LoginStub },
          {
            path: '',
            canActivateChild: [authGuard],
            children: [
              { path: 'vehicles', component: Page },
              { path: 'vehicles/:vin', component: Page },
              { path: 'customers', component: Page },
            ],
          },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => backend.verify());

  async function navigate(url: string, session: object | string, status = 200): Promise<string> {
    const done = router.navigateByUrl(url);
    const request = await nextRequest(backend, { method: 'GET', url: '/api/v1/auth/session' });
    request.flush(session, { status, statusText: status === 200 ? 'OK' : 'Error' });
    await done;
    return router.url;
  }

  it('sends a deep link to /login while signed out, keeping where it was going', async () => {
    const url = await navigate('/vehicles/ABC?range=7d', { title: 'Unauthorized', status: 401 }, 401);
    expect(url).toBe('/login?returnUrl=%2Fvehicles%2FABC%3Frange%3D7d');
  });

  it('lets a signed-in operator through, asking the server only once', async () => {
    expect(await navigate('/vehicles/ABC', SIGNED_IN)).toBe('/vehicles/ABC');
    await router.navigateByUrl('/customers');
    expect(router.url).toBe('/customers');
    backend.expectNone('/api/v1/auth/session');
  });

  it('skips sign-in when the server does not require it', async () => {
    expect(await navigate('/vehicles', { username: null, expiresAt: null, authRequired: false })).toBe(
      '/vehicles',
    );
    await router.navigateByUrl('/login?returnUrl=%2Fcustomers');
    expect(router.url).toBe('/customers');
  });

  it('lets the page load, to show its own error, when the server cannot say', async () => {
    expect(await navigate('/customers', 'bad gateway', 502)).toBe('/customers');
  });

  it('shows /login while signed out', async () => {
    const url = await navigate('/login?returnUrl=%2Fcustomers', { status: 401 }, 401);
    expect(url).toBe('/login?returnUrl=%2Fcustomers');
  });

  it('sends someone already signed in from /login to the page asked for, never off the app', async () => {
    expect(await navigate('/login?returnUrl=%2Fvehicles%2FABC', SIGNED_IN)).toBe('/vehicles/ABC');
    await router.navigateByUrl('/login?returnUrl=%2F%2Fevil.example%2Fx');
    expect(router.url).toBe('/vehicles');
    await router.navigateByUrl('/login');
    expect(router.url).toBe('/vehicles');
  });
});
