import { CredentialCache } from './credential-cache';

const cred = (vin: string, tokenHash = 'h1') => ({ vin, tokenHash, retired: false });

describe('CredentialCache', () => {
  it('loads the misses of one turn in one query and serves hits from memory until invalidated', async () => {
    const calls: string[][] = [];
    let hash = 'h1';
    const cache = new CredentialCache(
      {
        vehicles: async (vins) => (
          calls.push([...vins]),
          vins.filter((v) => v !== 'NONE').map((v) => cred(v, hash))
        ),
        gateway: async () => null,
      },
      { ttlMs: 60_000, now: Date.now, maxEntries: 100 },
    );
    const [a, b, none] = await Promise.all([cache.vehicle('A'), cache.vehicle('B'), cache.vehicle('NONE')]);
    expect([a?.vin, b?.vin, none]).toEqual(['A', 'B', null]);
    expect(calls).toEqual([['A', 'B', 'NONE']]);
    hash = 'h2';
    expect(await cache.vehicle('A')).toEqual(cred('A', 'h1'));
    cache.invalidate('vehicle:A');
    expect(await cache.vehicle('A')).toEqual(cred('A', 'h2'));
    expect(calls).toHaveLength(2);
  });

  it('does not cache a load that an invalidation overtook', async () => {
    let release!: () => void;
    let hash = 'old';
    const cache = new CredentialCache(
      {
        vehicles: async (vins) => {
          const h = hash;
          await new Promise<void>((r) => (release = r));
          return vins.map((v) => cred(v, h));
        },
        gateway: async () => null,
      },
      { ttlMs: 60_000, now: Date.now, maxEntries: 100 },
    );
    const pending = cache.vehicle('A');
    await new Promise((r) => setImmediate(r));
    hash = 'new';
    cache.invalidate('vehicle:A');
    release();
    expect((await pending)?.tokenHash).toBe('old');
    const next = cache.vehicle('A');
    await new Promise((r) => setImmediate(r));
    release();
    expect((await next)?.tokenHash).toBe('new');
  });

  it('expires entries after the TTL and stays within maxEntries', async () => {
    let now = 0;
    let loads = 0;
    const cache = new CredentialCache(
      { vehicles: async (vins) => (loads++, vins.map((v) => cred(v))), gateway: async () => null },
      { ttlMs: 1000, now: () => now, maxEntries: 2 },
    );
    await cache.vehicle('A');
    now = 999;
    await cache.vehicle('A');
    expect(loads).toBe(1);
    now = 1000;
    await cache.vehicle('A');
    expect(loads).toBe(2);
    await cache.vehicle('B');
    await cache.vehicle('C');
    await cache.vehicle('A');
    expect(loads).toBe(5);
  });
});
