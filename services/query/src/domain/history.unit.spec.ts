import { clipIntervals, hourFloor, settleOpenInterval, uptimeShare, type IntervalRecord } from './history';
import { resolveHistoryRange } from './history-range';

const at = (time: string) => new Date(`2026-11-25T${time}Z`);

describe('history', () => {
  const stored: IntervalRecord[] = [
    { status: 'online', startedAt: at('01:00:00'), endedAt: at('03:00:00') },
    { status: 'offline', startedAt: at('03:00:00'), endedAt: at('04:00:00') },
    { status: 'online', startedAt: at('04:00:00'), endedAt: null },
  ];

  it('ends an open online interval at a passed deadline and opens an offline one', () => {
    // Given the deadline 05:00 has passed at 06:00
    const settled = settleOpenInterval(stored, at('05:00:00'), at('06:00:00'));
    // Then
    expect(settled.slice(-2)).toEqual([
      { status: 'online', startedAt: at('04:00:00'), endedAt: at('05:00:00') },
      { status: 'offline', startedAt: at('05:00:00'), endedAt: null },
    ]);
  });

  it('leaves the intervals alone while the deadline is ahead', () => {
    expect(settleOpenInterval(stored, at('06:00:01'), at('06:00:00'))).toBe(stored);
  });

  it('clips to the range; an open interval is closed at a past range end', () => {
    expect(clipIntervals(stored, { from: at('02:00:00'), to: at('05:00:00') }, at('06:00:00'))).toEqual([
      { status: 'online', from: '2026-11-25T02:00:00.000Z', to: '2026-11-25T03:00:00.000Z' },
      { status: 'offline', from: '2026-11-25T03:00:00.000Z', to: '2026-11-25T04:00:00.000Z' },
      { status: 'online', from: '2026-11-25T04:00:00.000Z', to: '2026-11-25T05:00:00.000Z' },
    ]);
  });

  it("keeps an open interval open when the range ends at the client's now, a moment before the server's", () => {
    const clipped = clipIntervals(stored, { from: at('02:00:00'), to: at('05:59:58') }, at('06:00:00'));
    expect(clipped[clipped.length - 1]).toEqual({
      status: 'online',
      from: '2026-11-25T04:00:00.000Z',
      to: null,
    });
  });

  it('counts uptime up to now only', () => {
    // Window 00:00-06:00 (now), online 01-03 and 04-06: 4 of 6 hours
    expect(uptimeShare(stored, { from: at('00:00:00'), to: at('12:00:00') }, at('06:00:00'))).toBeCloseTo(
      4 / 6,
      12,
    );
    expect(uptimeShare(stored, { from: at('07:00:00'), to: at('08:00:00') }, at('06:00:00'))).toBe(0);
  });

  it('floors to the UTC hour', () => {
    expect(hourFloor(at('05:59:59.999')).toISOString()).toBe('2026-11-25T05:00:00.000Z');
  });

  it('defaults the range to the 24 hours before now and refuses bad ranges', () => {
    expect(resolveHistoryRange({}, at('12:00:00'))).toEqual({
      from: new Date('2026-11-24T12:00:00Z'),
      to: at('12:00:00'),
    });
    expect(() => resolveHistoryRange({ from: '2026-11-25T13:00:00Z' }, at('12:00:00'))).toThrow(/query.from/);
    expect(() => resolveHistoryRange({ from: '2025-01-01T00:00:00Z' }, at('12:00:00'))).toThrow(/query.to/);
  });
});
