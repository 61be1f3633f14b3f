import { cacheCapacity, CACHED_VEHICLE_BYTES, FLOOR, nextBatchSize } from './memory-budget';

const MB = 2 ** 20;
const sizing = { min: 20_000, max: 250_000, budgetBytes: 1024 * MB };
const heartbeats = (size: number, full = true) => ({ full, size, bytes: size * 100 });
const registrations = (size: number, full = true) => ({ full, size, bytes: size * 1600 });

describe('nextBatchSize', () => {
  it('doubles while pages come back full of light events, up to the maximum count', () => {
    expect(nextBatchSize(20_000, heartbeats(20_000), 200 * MB, sizing)).toBe(40_000);
    expect(nextBatchSize(160_000, heartbeats(160_000), 200 * MB, sizing)).toBe(250_000);
    expect(nextBatchSize(250_000, heartbeats(250_000), 200 * MB, sizing)).toBe(250_000);
  });

  it('keeps the size when the page was not full (caught up)', () => {
    expect(nextBatchSize(80_000, heartbeats(12, false), 200 * MB, sizing)).toBe(80_000);
  });

  it('heavy events: the pages in flight must fit in a quarter of the budget', () => {
    // 1 GB / 4 / 3 pages / 1600 B per registration
    const fits = Math.floor((1024 * MB) / 4 / 3 / 1600);
    expect(nextBatchSize(40_000, registrations(40_000), 200 * MB, sizing)).toBe(fits);
    expect(nextBatchSize(250_000, registrations(250_000), 200 * MB, sizing)).toBe(fits);
    // The same budget holds every heartbeat a count allows.
    expect(nextBatchSize(250_000, heartbeats(250_000), 200 * MB, sizing)).toBe(250_000);
  });

  it('stops growing past three quarters of the budget, halves past all of it, not below the floor', () => {
    expect(nextBatchSize(40_000, heartbeats(40_000), 800 * MB, sizing)).toBe(40_000);
    expect(nextBatchSize(40_000, heartbeats(40_000), 1100 * MB, sizing)).toBe(20_000);
    expect(nextBatchSize(20_000, heartbeats(20_000), 1100 * MB, sizing)).toBe(10_000);
    expect(nextBatchSize(600, heartbeats(600), 1100 * MB, sizing)).toBe(FLOOR);
    // A configured first batch smaller than the floor stays the floor.
    expect(nextBatchSize(5, heartbeats(5), 1100 * MB, { ...sizing, min: 5 })).toBe(5);
  });

  it('without a budget (Infinity), the count alone decides', () => {
    const unbounded = { ...sizing, budgetBytes: Infinity };
    expect(nextBatchSize(200_000, registrations(200_000), 4096 * MB, unbounded)).toBe(250_000);
  });
});

describe('cacheCapacity', () => {
  it('the cache share of the budget, in vehicles: 512M container (307 MB budget) and 2 GB', () => {
    expect(cacheCapacity(307 * MB)).toBe(Math.floor((307 * MB * 0.4) / CACHED_VEHICLE_BYTES));
    expect(cacheCapacity(307 * MB)).toBeGreaterThan(150_000);
    expect(cacheCapacity(2048 * MB)).toBeGreaterThan(1_000_000);
    expect(cacheCapacity(1)).toBe(1000);
  });
});
