import { ComponentFixture, TestBed } from '@angular/core/testing';
import { VehicleHistory } from '../../api/api-types';
import { StatusTimeline, toSegments } from './status-timeline';

const HISTORY: VehicleHistory = {
  vin: 'V1',
  from: '2026-11-19T12:00:00.000Z',
  to: '2026-11-20T12:00:00.000Z',
  intervals: [
    // Began before the window: clipped to it.
    { status: 'never-seen', from: '2026-11-18T00:00:00.000Z', to: '2026-11-19T18:00:00.000Z' },
    { status: 'online', from: '2026-11-19T18:00:00.000Z', to: '2026-11-20T06:00:00.000Z' },
    { status: 'offline', from: '2026-11-20T06:00:00.000Z', to: null },
  ],
  uptimeShare: 0.5,
  heartbeatsPerHour: [],
};

describe('StatusTimeline', () => {
  it('places each interval over the window, clipped, open ones up to its end', () => {
    const segments = toSegments(HISTORY);
    expect(segments.map(({ status, left, width }) => ({ status, left, width }))).toEqual([
      { status: 'never-seen', left: 0, width: 25 },
      { status: 'online', left: 25, width: 50 },
      { status: 'offline', left: 75, width: 25 },
    ]);
    expect(segments[1].label).toContain('Online');
    expect(segments[1].label).toContain('(12 h)');
    expect(segments[2].label).toContain('– now');
  });

  it('draws the bar with a text summary for screen readers', async () => {
    const fixture: ComponentFixture<StatusTimeline> = TestBed.createComponent(StatusTimeline);
    fixture.componentRef.setInput('history', HISTORY);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const bar = element.querySelector('[role=img]')!;
    expect(bar.getAttribute('aria-label')).toBe('Online 50.0% of the time; 2 interval(s) not online.');
    expect(element.querySelectorAll('.segment.offline').length).toBe(1);
    expect(element.querySelectorAll('.ticks span').length).toBe(5);
  });
});
