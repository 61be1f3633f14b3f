import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideFixedClock } from '../../../testing/fakes';
import { NOW, ago } from '../../../testing/fleet-fixtures';
import { LastSeen } from './last-seen';

describe('LastSeen', () => {
  it('ticks with the clock and gives the exact time in a machine-readable attribute', async () => {
    const now = signal(NOW);
    TestBed.configureTestingModule({ providers: [provideFixedClock(now)] });
    const fixture = TestBed.createComponent(LastSeen);
    fixture.componentRef.setInput('at', ago(12));
    await fixture.whenStable();
    const time = () => (fixture.nativeElement as HTMLElement).querySelector('time')!;
    expect(time().textContent).toContain('12 s ago');
    expect(time().getAttribute('datetime')).toBe(ago(12));

    now.set(NOW + 3_000);
    await fixture.whenStable();
    expect(time().textContent).toContain('15 s ago');
  });

  it('measures against a historical instant, and says never when never seen', async () => {
    TestBed.configureTestingModule({ providers: [provideFixedClock()] });
    const fixture = TestBed.createComponent(LastSeen);
    fixture.componentRef.setInput('at', ago(3_600));
    fixture.componentRef.setInput('reference', ago(3_000));
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('10 min ago');

    fixture.componentRef.setInput('at', null);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('never');
  });
});
