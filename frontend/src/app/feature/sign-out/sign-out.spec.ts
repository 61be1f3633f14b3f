import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { Router, provideRouter } from '@angular/router';
import { problemInterceptor } from '../../api/problem-interceptor';
import { Auth } from '../../auth/auth';
import { provideAppIcons } from '../../shared/icons';
import { FakeFleetStream, provideFakeStream, sleep } from '../../../testing/fakes';
import { SignOut } from './sign-out';

@Component({ template: '' })
class Blank {}

describe('SignOut', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<SignOut>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: Blank }]),
        provideFakeStream(new FakeFleetStream()),
        provideAppIcons(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function render(session: object): Promise<HTMLElement> {
    const checked = TestBed.inject(Auth).check();
    backend.expectOne('/api/v1/auth/session').flush(session);
    await checked;
    fixture = TestBed.createComponent(SignOut);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  async function settled(): Promise<void> {
    await sleep(0);
    await fixture.whenStable();
  }

  const signOutButton = () =>
    TestbedHarnessEnvironment.loader(fixture).getHarness(MatButtonHarness.with({ text: 'Sign out' }));

  it('shows who is signed in, and signs out to the sign-in page', async () => {
    const element = await render({ username: 'operator', expiresAt: null, authRequired: true });
    expect(element.textContent?.replace(/\s+/g, ' ').trim()).toBe('Signed in as operator Sign out');

    await (await signOutButton()).click();
    backend
      .expectOne({ method: 'POST', url: '/api/v1/auth/logout' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settled();
    expect(TestBed.inject(Router).url).toBe('/login');
    expect(element.textContent?.trim()).toBe('');
  });

  it('says so when signing out fails, and stays signed in', async () => {
    const element = await render({ username: 'operator', expiresAt: null, authRequired: true });
    await (await signOutButton()).click();
    backend.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'), { status: 0 });
    await settled();
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Not signed out: The server cannot');
    expect(await (await signOutButton()).isDisabled()).toBeFalse();
  });

  it('shows nothing when sign-in is switched off', async () => {
    const element = await render({ username: null, expiresAt: null, authRequired: false });
    expect(element.textContent?.trim()).toBe('');
  });
});
