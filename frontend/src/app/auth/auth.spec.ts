import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { ApiError } from '../api/api-error';
import { problemInterceptor } from '../api/problem-interceptor';
import { FakeFleetStream, provideFakeStream } from '../../testing/fakes';
import { Auth } from './auth';

@Component({ template: '' })
class Blank {}

const UNAUTHORIZED = { status: 401, statusText: 'Unauthorized' };
const problem401 = { type: 'about:blank', title: 'Unauthorized', status: 401 };

describe('Auth', () => {
  let auth: Auth;
  let backend: HttpTestingController;
  let stream: FakeFleetStream;
  let router: Router;

  beforeEach(() => {
    stream = new FakeFleetStream();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: Blank },
          { path: '**', component: Blank },
        ]),
        provideFakeStream(stream),
      ],
    });
    auth = TestBed.inject(Auth);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => backend.verify());

  const session = () => backend.expectOne({ method: 'GET', url: '/api/v1/auth/session' });

  it('asks the server once, and afterwards answers from memory while signed in', async () => {
    expect(auth.state()).toEqual({ status: 'unknown' });
    const first = auth.check();
    const second = auth.check(); // a second guard meanwhile shares the same request
    session().flush({ username: 'operator', expiresAt: '2026-11-21T00:00:00Z', authRequired: true });
    expect(await first).toEqual({
      status: 'signed-in',
      username: 'operator',
      expiresAt: '2026-11-21T00:00:00Z',
    });
    expect(await second).toBe(await first);
    expect(auth.username()).toBe('operator');

    expect((await auth.check()).status).toBe('signed-in');
    backend.expectNone('/api/v1/auth/session');
  });

  it('is signed out on a 401, and asks again next time', async () => {
    const checked = auth.check();
    session().flush(problem401, UNAUTHORIZED);
    expect(await checked).toEqual({ status: 'signed-out' });
    expect(auth.username()).toBeNull();

    const again = auth.check();
    session().flush({ username: 'operator', expiresAt: null, authRequired: true });
    expect((await again).status).toBe('signed-in');
  });

  it('is open, with nobody to sign in, when the server says sign-in is off', async () => {
    const checked = auth.check();
    session().flush({ username: null, expiresAt: null, authRequired: false });
    expect(await checked).toEqual({ status: 'open' });
    expect(auth.username()).toBeNull();
    await auth.check();
    backend.expectNone('/api/v1/auth/session');
  });

  it('stays unknown when the server cannot say', async () => {
    const checked = auth.check();
    session().flush('bad gateway', { status: 502, statusText: 'Bad Gateway' });
    expect(await checked).toEqual({ status: 'unknown' });
  });

  it('signs in with the form values and reopens the live stream with the new cookie', async () => {
    const signedIn = auth.signIn('operator', 'correct horse battery');
    const login = backend.expectOne({ method: 'POST', url: '/api/v1/auth/login' });
    expect(login.request.body).toEqual({ username: 'operator', password: 'correct horse battery' });
    login.flush({ username: 'operator', token: 'secret', expiresAt: '2026-11-21T00:00:00Z' });
    await signedIn;
    expect(auth.state()).toEqual({
      status: 'signed-in',
      username: 'operator',
      expiresAt: '2026-11-21T00:00:00Z',
    });
    expect(stream.commands).toEqual(['reconnect']);
  });

  it('passes a refused sign-in on as an ApiError and stays signed out', async () => {
    const signedIn = auth.signIn('operator', 'wrong');
    backend.expectOne('/api/v1/auth/login').flush(problem401, UNAUTHORIZED);
    const error = await signedIn.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toEqual(jasmine.any(ApiError));
    expect((error as ApiError).status).toBe(401);
    expect(auth.state().status).toBe('unknown');
    expect(stream.commands).toEqual([]);
  });

  it('signs out on the server, drops the stream and shows the sign-in page', async () => {
    await signIn();
    await router.navigateByUrl('/vehicles');
    const signedOut = auth.signOut();
    backend.expectOne({ method: 'POST', url: '/api/v1/auth/logout' }).flush(null, {
      status: 204,
      statusText: 'No Content',
    });
    await signedOut;
    expect(auth.state()).toEqual({ status: 'signed-out' });
    expect(stream.commands).toEqual(['reconnect', 'suspend']);
    expect(router.url).toBe('/login');
  });

  it('keeps the session when signing out fails for another reason than 401', async () => {
    await signIn();
    const signedOut = auth.signOut();
    backend.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'), { status: 0 });
    await expectAsync(signedOut).toBeRejectedWithError(ApiError);
    expect(auth.state().status).toBe('signed-in');
  });

  it('sends the operator to sign in again, once, when the session expires', async () => {
    await signIn();
    await router.navigateByUrl('/vehicles/ABC?range=7d');
    const navigate = spyOn(router, 'navigate').and.callThrough();
    auth.expired();
    auth.expired();
    expect(navigate).toHaveBeenCalledTimes(1);
    await navigate.calls.mostRecent().returnValue;
    expect(router.url).toBe('/login?returnUrl=%2Fvehicles%2FABC%3Frange%3D7d');
    expect(stream.commands).toEqual(['reconnect', 'suspend']);
  });

  it('asks the server when the live stream is refused, and signs out if the session is gone', async () => {
    await signIn();
    await router.navigateByUrl('/customers');

    stream.refused.next(); // say a proxy's 502: the session still holds
    session().flush({ username: 'operator', expiresAt: null, authRequired: true });
    expect(auth.state().status).toBe('signed-in');

    const navigate = spyOn(router, 'navigate').and.callThrough();
    stream.refused.next();
    session().flush(problem401, UNAUTHORIZED);
    expect(auth.state().status).toBe('signed-out');
    await navigate.calls.mostRecent().returnValue;
    expect(router.url).toBe('/login?returnUrl=%2Fcustomers');

    stream.refused.next(); // already signed out: nothing to ask
    backend.expectNone('/api/v1/auth/session');
  });

  async function signIn(): Promise<void> {
    const signedIn = auth.signIn('operator', 'correct horse battery');
    backend
      .expectOne('/api/v1/auth/login')
      .flush({ username: 'operator', token: 't', expiresAt: '2026-11-21T00:00:00Z' });
    await signedIn;
  }
});
