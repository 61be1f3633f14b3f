import { effectiveTimeout, isOnline } from './connectivity';

describe('isOnline', () => {
  const at = new Date('2026-11-25T10:00:00.000Z');
  it('is online strictly before the deadline and offline at it', () => {
    expect(isOnline(at, 60, new Date('2026-11-25T10:00:59.999Z'))).toBe(true);
    expect(isOnline(at, 60, new Date('2026-11-25T10:01:00.000Z'))).toBe(false);
  });
  it('is never online without a heartbeat', () => {
    expect(isOnline(null, 60, at)).toBe(false);
  });
});

describe('effectiveTimeout', () => {
  it('prefers the vehicle, then the customer, then the default', () => {
    expect(effectiveTimeout(10, 20, 60)).toBe(10);
    expect(effectiveTimeout(null, 20, 60)).toBe(20);
    expect(effectiveTimeout(null, null, 60)).toBe(60);
  });
});
