import { TestBed } from '@angular/core/testing';
import { provideAppIcons } from '../../shared/icons';
import { FakeFleetStream, provideFakeStream } from '../../../testing/fakes';
import { LiveIndicator } from './live-indicator';

describe('LiveIndicator', () => {
  it('tells live from reconnecting, and says nothing when no page listens', async () => {
    const stream = new FakeFleetStream();
    TestBed.configureTestingModule({ providers: [provideFakeStream(stream), provideAppIcons()] });
    const fixture = TestBed.createComponent(LiveIndicator);
    const status = () => (fixture.nativeElement as HTMLElement).querySelector('[role=status]')!;

    await fixture.whenStable();
    expect(status().textContent).toContain('Live');
    expect(status().classList).toContain('live');

    stream.state.set('reconnecting');
    await fixture.whenStable();
    expect(status().textContent).toContain('Reconnecting…');

    stream.state.set('idle');
    await fixture.whenStable();
    expect(status().textContent?.trim()).toBe('');
  });
});
