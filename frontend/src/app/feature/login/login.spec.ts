import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { problemInterceptor } from '../../api/problem-interceptor';
import { Auth } from '../../auth/auth';
import { provideAppIcons } from '../../shared/icons';
import { FakeFleetStream, noAnimations, provideFakeStream, sleep } from '../../../testing/fakes';
import { Login } from './login';

@Component({ template: 'a page' })
class Page {}

const LOGIN = { method: 'POST', url: '/api/v1/auth/login' };
const WELCOME = { username: 'operator', token: 'token', expiresAt: '2026-11-21T00:00:00Z' };

describe('Login page', () => {
  let harness: RouterTestingHarness;
  let loader: HarnessLoader;
  let backend: HttpTestingController;
  let stream: FakeFleetStream;

  async function open(url = '/login?returnUrl=%2Fvehicles%2FABC%3Frange%3D7d'): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, Login);
    loader = TestbedHarnessEnvironment.loader(harness.fixture);
  }

  beforeEach(() => {
    stream = new FakeFleetStream();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: Login },
          { path: 'vehicles', component: Page },
          { path: 'vehicles/:vin', component: Page },
        ]),
        provideFakeStream(stream),
        provideAppIcons(),
        noAnimations,
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  const element = () => harness.routeNativeElement as HTMLElement;
  const field = (label: string) => loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const submitButton = () => loader.getHarness(MatButtonHarness.with({ selector: '[type=submit]' }));
  const alertText = () => element().querySelector('[role=alert]')?.textContent?.trim() ?? null;

  async function fill(username: string, password: string): Promise<void> {
    await (await (await field('Username')).getControl(MatInputHarness))!.setValue(username);
    await (await (await field('Password')).getControl(MatInputHarness))!.setValue(password);
  }

  /** Lets the rejected sign-in reach the page and the page render it. */
  async function settled(): Promise<void> {
    await sleep(0);
    await harness.fixture.whenStable();
  }

  async function submit(): Promise<void> {
    await (await submitButton()).click();
  }

  it('labels its fields for assistive technology and for password managers', async () => {
    await open();
    const [username, password] = [...element().querySelectorAll('input')];
    expect([...username.labels!].map((l) => l.textContent?.trim())).toEqual(['Username']);
    expect([...password.labels!].map((l) => l.textContent?.trim())).toEqual(['Password']);
    expect(username.getAttribute('autocomplete')).toBe('username');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    expect(password.type).toBe('password');
    expect(element().querySelector('h1')?.textContent).toBe('Sign in');
    expect(document.activeElement).toBe(username);
  });

  it('asks for both fields before sending anything', async () => {
    await open();
    await submit();
    expect(await (await field('Username')).getTextErrors()).toEqual(['Enter your username.']);
    expect(await (await field('Password')).getTextErrors()).toEqual(['Enter your password.']);
    backend.expectNone(LOGIN);
  });

  it('signs in, with the button disabled meanwhile, and goes on to the page asked for', async () => {
    await open();
    await fill(' operator ', 'correct horse battery');
    await submit();

    const request = backend.expectOne(LOGIN);
    expect(request.request.body).toEqual({ username: 'operator', password: 'correct horse battery' });
    const button = await submitButton();
    expect(await button.isDisabled()).toBeTrue();
    expect(await button.getText()).toBe('Signing in…');

    request.flush(WELCOME);
    await settled();
    await until(() => TestBed.inject(Router).url === '/vehicles/ABC?range=7d');
    expect(TestBed.inject(Auth).username()).toBe('operator');
    expect(stream.commands).toEqual(['reconnect']);
  });

  it('says so on a wrong username or password, and lets the operator try again', async () => {
    await open();
    await fill('operator', 'wrong password!');
    await submit();
    backend
      .expectOne(LOGIN)
      .flush(
        { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Wrong username or password' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await settled();

    expect(alertText()).toBe('Wrong username or password.');
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fvehicles%2FABC%3Frange%3D7d');
    const password = await (await field('Password')).getControl(MatInputHarness);
    expect(await password!.getValue()).toBe('');
    expect(await password!.isFocused()).toBeTrue();
    expect(await (await field('Password')).getTextErrors()).toEqual([]);
    expect(await (await (await field('Username')).getControl(MatInputHarness))!.getValue()).toBe('operator');
    expect(await (await submitButton()).isDisabled()).toBeFalse();

    // The message goes while the next attempt is on its way.
    await password!.setValue('correct horse battery');
    await submit();
    expect(alertText()).toBeNull();
    backend.expectOne(LOGIN).flush(WELCOME);
    await until(() => TestBed.inject(Router).url === '/vehicles/ABC?range=7d');
  });

  it('says how long to wait after too many attempts', async () => {
    await open();
    await fill('operator', 'guess number 11');
    await submit();
    backend
      .expectOne(LOGIN)
      .flush(
        { title: 'Too Many Requests', status: 429 },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '30' } },
      );
    await settled();
    expect(alertText()).toBe('Too many sign-in attempts. Try again in 30 seconds.');
  });

  it('says when the server cannot be reached', async () => {
    await open();
    await fill('operator', 'correct horse battery');
    await submit();
    backend.expectOne(LOGIN).error(new ProgressEvent('error'), { status: 0 });
    await settled();
    expect(alertText()).toContain('The server cannot be reached');
  });

  it('goes to the start page when the returnUrl points off the app', async () => {
    await open('/login?returnUrl=https%3A%2F%2Fevil.example%2F');
    await fill('operator', 'correct horse battery');
    await submit();
    backend.expectOne(LOGIN).flush(WELCOME);
    await until(() => TestBed.inject(Router).url === '/vehicles');
  });
});

/** Waits for a condition that async steps (a navigation) make true. */
async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
