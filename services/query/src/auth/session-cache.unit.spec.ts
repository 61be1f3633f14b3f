import { SessionCache } from './session-cache';

describe('SessionCache', () => {
  let clock = 0;
  const now = () => new Date(clock);
  const session = (expiresAt: number) => ({ username: 'op', expiresAt: new Date(expiresAt) });

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('keeps a session for the cache period only', () => {
    const cache = new SessionCache(10_000, now);
    cache.set('h', session(clock + 60_000));
    clock += 9_999;
    expect(cache.get('h')).toEqual(session(1_000_000 + 60_000));
    clock += 1;
    expect(cache.get('h')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never answers past the session’s own expiry', () => {
    const cache = new SessionCache(10_000, now);
    cache.set('h', session(clock + 5_000));
    clock += 5_000;
    expect(cache.get('h')).toBeUndefined();
  });

  it('forgets a deleted session at once, caches nothing with a period of 0', () => {
    const cache = new SessionCache(10_000, now);
    cache.set('h', session(clock + 60_000));
    cache.delete('h');
    expect(cache.get('h')).toBeUndefined();
    const off = new SessionCache(0, now);
    off.set('h', session(clock + 60_000));
    expect(off.get('h')).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new SessionCache(10_000, now, 2);
    cache.set('a', session(clock + 60_000));
    cache.set('b', session(clock + 60_000));
    cache.set('c', session(clock + 60_000));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });
});
