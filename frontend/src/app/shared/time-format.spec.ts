import { NOW, ago } from '../../testing/fleet-fixtures';
import { duration, percent, relativeTime } from './time-format';

describe('time formatting', () => {
  it('says how long ago, in the largest whole unit', () => {
    expect(relativeTime(ago(0), NOW)).toBe('just now');
    expect(relativeTime(ago(-30), NOW)).toBe('just now'); // a server clock a little ahead
    expect(relativeTime(ago(12), NOW)).toBe('12 s ago');
    expect(relativeTime(ago(59), NOW)).toBe('59 s ago');
    expect(relativeTime(ago(60), NOW)).toBe('1 min ago');
    expect(relativeTime(ago(3_599), NOW)).toBe('59 min ago');
    expect(relativeTime(ago(7_200), NOW)).toBe('2 h ago');
    expect(relativeTime(ago(3 * 86_400 + 5), NOW)).toBe('3 d ago');
  });

  it('gives durations in at most two units', () => {
    expect(duration(0)).toBe('0 s');
    expect(duration(45)).toBe('45 s');
    expect(duration(300)).toBe('5 min');
    expect(duration(9_000)).toBe('2 h 30 min');
    expect(duration(7_200)).toBe('2 h');
    expect(duration(3 * 86_400 + 4 * 3_600 + 59)).toBe('3 d 4 h');
  });

  it('gives shares as percentages with one decimal', () => {
    expect(percent(0.9876)).toBe('98.8%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(0)).toBe('0.0%');
  });
});
