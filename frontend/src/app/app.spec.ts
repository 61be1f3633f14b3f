import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';
import { provideAppIcons } from './shared/icons';
import { FakeFleetStream, provideFakeStream } from '../testing/fakes';

describe('App shell', () => {
  it('offers a skip link, the main navigation and the live indicator', async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideAppIcons(), provideFakeStream(new FakeFleetStream())],
    });
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('.skip-link')?.getAttribute('href')).toBe('#main');
    const links = [...element.querySelectorAll('nav[aria-label=Main] a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/vehicles', '/customers']);
    expect(element.querySelector('app-live-indicator')?.textContent).toContain('Live');
  });
});
