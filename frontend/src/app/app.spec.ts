import { WritableSignal, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';
import { Auth, AuthState } from './auth/auth';
import { provideAppIcons } from './shared/icons';
import { FakeFleetStream, provideFakeStream } from '../testing/fakes';

describe('App shell', () => {
  let state: WritableSignal<AuthState>;

  beforeEach(() => {
    state = signal<AuthState>({ status: 'signed-in', username: 'operator', expiresAt: null });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideAppIcons(),
        provideFakeStream(new FakeFleetStream()),
        {
          provide: Auth,
          useValue: {
            state,
            username: () => {
              const s = state();
              return s.status === 'signed-in' ? s.username : null;
            },
          },
        },
      ],
    });
  });

  it('offers a skip link, the main navigation, the live indicator and who is signed in', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('.skip-link')?.getAttribute('href')).toBe('#main');
    const links = [...element.querySelectorAll('nav[aria-label=Main] a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/vehicles', '/customers']);
    expect(element.querySelector('app-live-indicator')?.textContent).toContain('Live');
    expect(element.querySelector('app-sign-out')?.textContent).toContain('Signed in as operator');
  });

  it('leaves out the navigation and the sign-out button while signed out', async () => {
    state.set({ status: 'signed-out' });
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('nav')).toBeNull();
    expect(element.querySelector('app-sign-out button')).toBeNull();
  });
});
