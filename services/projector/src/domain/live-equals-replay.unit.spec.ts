import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MemoryModel, type Logged } from '../test-support/memory-model';
import {
  customerRegistered,
  customerTimeoutSet,
  heartbeat,
  randomVin,
  vehicleRegistered,
  vehicleRetired,
  vehicleTimeoutSet,
} from '../test-support/builders';
import { bucketOf } from './model';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');

type Step =
  | { kind: 'hb'; vehicle: number; gapMs: number; commitDelayMs: number }
  | { kind: 'vehicleTimeout'; vehicle: number; seconds: number | null; gapMs: number }
  | { kind: 'customerTimeout'; seconds: number | null; gapMs: number }
  | { kind: 'retire'; vehicle: number; gapMs: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('hb' as const),
      vehicle: fc.nat(2),
      gapMs: fc.nat(9000),
      commitDelayMs: fc.nat(3000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('vehicleTimeout' as const),
      vehicle: fc.nat(2),
      seconds: fc.option(fc.integer({ min: 1, max: 8 })),
      gapMs: fc.nat(3000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('customerTimeout' as const),
      seconds: fc.option(fc.integer({ min: 1, max: 8 })),
      gapMs: fc.nat(3000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('retire' as const), vehicle: fc.nat(2), gapMs: fc.nat(3000) }),
  },
);

/** Builds a log in commit order: heartbeats may commit up to 3 s after they were received, past deadlines. */
function buildLog(steps: Step[]): Logged[] {
  const customerId = randomUUID();
  const vins = [randomVin(), randomVin(), randomVin()];
  const log: Logged[] = [customerRegistered(new Date(T0), { customerId })];
  vins.forEach((vin) => log.push(vehicleRegistered(new Date(T0), customerId, { vin })));
  let clock = T0;
  for (const s of steps) {
    clock += s.gapMs;
    const vin = 'vehicle' in s ? vins[s.vehicle]! : '';
    if (s.kind === 'hb')
      log.push(heartbeat(vin, new Date(clock), { recordedAt: new Date(clock + s.commitDelayMs) }));
    if (s.kind === 'vehicleTimeout') log.push(vehicleTimeoutSet(new Date(clock), vin, s.seconds));
    if (s.kind === 'customerTimeout') log.push(customerTimeoutSet(new Date(clock), customerId, s.seconds));
    if (s.kind === 'retire') log.push(vehicleRetired(new Date(clock), vin));
  }
  return log.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
}

function expectConsistent(model: MemoryModel): void {
  for (const v of model.vehicles.values()) {
    const rows = [...model.intervalRows.values()]
      .filter((i) => i.vin === v.vin)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    rows.forEach((row, i) => {
      const next = rows[i + 1];
      if (next) expect(row.endedAt?.getTime()).toBe(next.startedAt.getTime());
      if (row.endedAt) expect(row.endedAt.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime());
    });
    // The intervals tile [registeredAt, retiredAt): the fleet's per-instant counts (migration 0012) rely on it.
    expect(rows[0]!.startedAt.getTime()).toBe(v.registeredAt.getTime());
    const last = rows.at(-1)!;
    if (v.retiredAt) expect(last.endedAt?.getTime()).toBe(v.retiredAt.getTime());
    else expect(last).toMatchObject({ endedAt: null, status: v.status });
  }
  // rm.vehicle_last_seen, written batch by batch only where something changed, lists what rm.vehicles says.
  const lastSeen = [...model.vehicles.values()]
    .filter((v) => !v.retiredAt)
    .map((v) => [
      v.vin,
      { online: v.status === 'online', lastHeartbeatAt: v.lastHeartbeatAt?.getTime() ?? null },
    ]);
  expect(model.lastSeenRows).toEqual(new Map(lastSeen as [string, unknown][]));
  for (const c of model.customers.values()) {
    const mine = [...model.vehicles.values()].filter((v) => v.customerId === c.customerId);
    expect(c.onlineCount).toBe(mine.filter((v) => bucketOf(v) === 'online').length);
    expect(c.offlineCount).toBe(mine.filter((v) => bucketOf(v) === 'offline').length);
  }
}

describe('live run with deadline flips vs replay from position zero', () => {
  it('gives the same rows whatever the wall clock did (timeout 1-8 s, commits up to 3 s late)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (steps, flipAt, batchBreak) => {
          const log = buildLog(steps);
          const end = new Date(log.at(-1)!.recordedAt.getTime() + 60_000);
          const live = new MemoryModel(5);
          let pending: Logged[] = [];
          log.forEach((e, i) => {
            pending.push(e);
            const next = log[i + 1];
            if (next && !batchBreak[i % 40]) return;
            live.apply(pending);
            pending = [];
            // A live flip pass runs after the log was read up to `now`: before the next commit.
            const nextAt = next ? next.recordedAt.getTime() : end.getTime();
            const now = e.recordedAt.getTime() + (nextAt - e.recordedAt.getTime()) * flipAt[i % 40]!;
            live.passTime(new Date(now));
          });
          live.passTime(end);
          const replay = new MemoryModel(5);
          replay.apply(log);
          replay.passTime(end);
          expect(live.dump()).toEqual(replay.dump());
          expectConsistent(live);
        },
      ),
      { numRuns: 300 },
    );
  });
});
