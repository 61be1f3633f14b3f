import { advance, initialState, type BehaviourOptions, type VehicleState } from './behaviour';

/** A seeded generator so the statistics below are repeatable. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const options: BehaviourOptions = {
  intervalSeconds: 60,
  jitter: 0.2,
  offlineShare: 0.2,
  meanOnlineSeconds: 1200,
};

describe('simulated vehicle behaviour', () => {
  it('sends heartbeats within the jittered interval while online', () => {
    const random = mulberry32(1);
    let s: VehicleState = { online: true, nextAt: 0, spellEndsAt: Number.MAX_SAFE_INTEGER };
    for (let i = 0; i < 100; i++) {
      const next = advance(s, options, random);
      expect(next.nextAt - s.nextAt).toBeGreaterThanOrEqual(48_000);
      expect(next.nextAt - s.nextAt).toBeLessThanOrEqual(72_000);
      s = next;
    }
  });

  it('is silent about offlineShare of the time over a long run', () => {
    const random = mulberry32(7);
    let silentMs = 0;
    let s = initialState(0, options, random);
    if (!s.online) silentMs += s.nextAt;
    const horizon = 2_000 * 3600 * 1000;
    while (s.nextAt < horizon) {
      const next = advance(s, options, random);
      // A silent spell runs from the last heartbeat to the moment the vehicle returns.
      if (!next.online) silentMs += Math.min(next.nextAt, horizon) - s.nextAt;
      s = next;
    }
    expect(silentMs / horizon).toBeGreaterThan(0.15);
    expect(silentMs / horizon).toBeLessThan(0.25);
  });

  it('never goes silent with an offline share of 0', () => {
    const random = mulberry32(3);
    let s = initialState(0, { ...options, offlineShare: 0 }, random);
    for (let i = 0; i < 1000; i++) {
      s = advance(s, { ...options, offlineShare: 0 }, random);
      expect(s.online).toBe(true);
    }
  });
});
