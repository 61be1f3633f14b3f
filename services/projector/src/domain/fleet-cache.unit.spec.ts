import { newBatch } from './batch';
import { recordHeartbeat } from './connectivity';
import { FleetCache, syncDeadline } from './fleet-cache';
import type { VehicleState } from './model';

function vehicle(overrides: Partial<VehicleState> = {}): VehicleState {
  const registeredAt = new Date('2026-01-01T10:00:00.000Z');
  return {
    vin: 'VIN00000000000001',
    regNo: 'R 1',
    customerId: 'c',
    customerName: 'C',
    timeoutSeconds: null,
    effectiveTimeoutSeconds: 60,
    status: 'never-seen',
    statusSince: null,
    lastHeartbeatAt: null,
    offlineAt: null,
    heartbeatCount: 0,
    registeredAt,
    retiredAt: null,
    searchText: '',
    flippedFrom: null,
    ...overrides,
  };
}

describe('FleetCache', () => {
  it('after a commit, queues the online vehicles of the batch at their deadline and drops the others', () => {
    const cache = new FleetCache();
    const online = vehicle();
    const retired = vehicle({
      vin: 'VIN00000000000002',
      status: 'online',
      offlineAt: new Date(5),
      retiredAt: new Date(1),
    });
    cache.deadlines.set(retired.vin, 5);
    const b = newBatch(60, [online, retired]);
    recordHeartbeat(b, online, new Date('2026-01-01T10:00:10.000Z'));
    cache.committed(b);
    expect(cache.deadlines.size).toBe(1);
    expect(cache.deadlines.peek()).toBe(Date.parse('2026-01-01T10:01:10.000Z'));
    expect(cache.vehicles.get(online.vin)).toBe(online);
    // never-seen to online: more than the heartbeat fields, less than the whole row
    expect(b.statusRows.has(online.vin)).toBe(true);
    expect(b.wholeRows.has(online.vin)).toBe(false);
  });

  it('a later heartbeat of an online vehicle changes the heartbeat fields only', () => {
    const v = vehicle();
    const first = newBatch(60, [v]);
    recordHeartbeat(first, v, new Date('2026-01-01T10:00:10.000Z'));
    const second = newBatch(60, [v]);
    recordHeartbeat(second, v, new Date('2026-01-01T10:00:20.000Z'));
    expect([...second.dirtyVehicles]).toEqual([v.vin]);
    expect(second.wholeRows.size).toBe(0);
    expect(second.statusRows.size).toBe(0);
  });

  it('trim() forgets the longest-cached rows beyond its capacity, never those of the batch in flight', () => {
    const cache = new FleetCache();
    const vins = Array.from({ length: 6 }, (_, i) => `VIN0000000000000${i}`);
    const rows = vins.map((vin) => vehicle({ vin, status: 'online', offlineAt: new Date(100) }));
    for (const v of rows) {
      cache.vehicles.set(v.vin, v);
      syncDeadline(cache.deadlines, v);
    }
    const inFlight = newBatch(60, [rows[0]!, rows[2]!]);
    expect(cache.trim(3, inFlight.vehicles)).toBe(3);
    expect([...cache.vehicles.keys()]).toEqual([vins[0], vins[2], vins[5]]);
    expect(cache.deadlines.size).toBe(6);
    expect(cache.trim(10)).toBe(0);
  });

  it('clear() forgets rows and deadlines', () => {
    const cache = new FleetCache();
    const v = vehicle({ status: 'online', offlineAt: new Date(100) });
    cache.vehicles.set(v.vin, v);
    syncDeadline(cache.deadlines, v);
    cache.clear();
    expect(cache.vehicles.size).toBe(0);
    expect(cache.deadlines.peek()).toBeNull();
  });
});
