import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import type { VehicleStatus } from '@vehicle-tracker/contracts';
import { insertCustomer, insertVehicle, type TestCustomer } from '../test-support/builders';
import { fleetCountsAsOf } from './fleet-counts-as-of';
import { fleetPageAsOf } from './vehicles-as-of';

/**
 * The fleet's counts from the per-instant sums (migration 0012's triggers) against the same instant worked out
 * vehicle by vehicle (the asOf statement of one customer, which every vehicle here belongs to), over random
 * histories written the projector's way: intervals inserted open, closed by an upsert, an undone flip deleted.
 */

const T0 = Date.parse('2026-11-01T23:58:00.000Z'); // histories cross a minute, an hour and a day (UTC)
const STATUSES: VehicleStatus[] = ['online', 'offline'];

interface History {
  registeredAfterMs: number;
  /** Lengths of the intervals after the never-seen one, alternating online/offline from `firstOnline`. */
  spells: number[];
  firstOnline: boolean;
  retired: boolean;
  /** Drop the last closed interval again (the projector undoing a flip) and reopen the one before. */
  undoLast: boolean;
}

const history: fc.Arbitrary<History> = fc.record({
  registeredAfterMs: fc.nat(120_000),
  spells: fc.array(fc.integer({ min: 1, max: 90_000 }), { maxLength: 6 }),
  firstOnline: fc.boolean(),
  retired: fc.boolean(),
  undoLast: fc.boolean(),
});

interface Interval {
  status: VehicleStatus;
  startedAt: number;
  endedAt: number | null;
}

/** The intervals of one history, tiling [registered, retired): never-seen first, then the spells. */
function intervalsOf(h: History, registered: number): { rows: Interval[]; retiredAt: number | null } {
  const rows: Interval[] = [{ status: 'never-seen', startedAt: registered, endedAt: null }];
  let at = registered;
  h.spells.forEach((len, i) => {
    at += len;
    rows[rows.length - 1]!.endedAt = at;
    rows.push({ status: STATUSES[(i + (h.firstOnline ? 0 : 1)) % 2]!, startedAt: at, endedAt: null });
  });
  if (h.retired) {
    at += 1000;
    rows[rows.length - 1]!.endedAt = at;
  }
  return { rows, retiredAt: h.retired ? at : null };
}

describe('fleet counts at an instant from the per-instant sums', () => {
  let db: TestDatabase;
  let customer: TestCustomer;

  beforeAll(async () => {
    db = await createTestDatabase();
    customer = await insertCustomer(db.pool, { name: 'Summor AB' });
  });
  afterAll(() => db.drop());

  async function write(histories: History[]): Promise<{ instants: number[] }> {
    const instants: number[] = [];
    for (const h of histories) {
      const registered = T0 + h.registeredAfterMs;
      const { rows, retiredAt } = intervalsOf(h, registered);
      const last = rows[rows.length - 1]!;
      const v = await insertVehicle(db.pool, {
        customerId: customer.customerId,
        customerName: customer.name,
        registeredAt: new Date(registered),
        retiredAt: retiredAt === null ? null : new Date(retiredAt),
        status: last.status,
        // Open online intervals get a deadline far ahead: the sums are only exact for instants before every one.
        lastHeartbeatAt: last.status === 'online' ? new Date(T0 + 86_400_000) : null,
      });
      for (const r of rows) {
        // Opened, then closed by the projector's upsert: the UPDATE trigger sees both versions.
        await db.pool.query(
          `INSERT INTO rm.intervals (vin, started_at, ended_at, status) VALUES ($1, $2, NULL, $3)`,
          [v.vin, new Date(r.startedAt), r.status],
        );
        if (r.endedAt !== null)
          await db.pool.query(
            `INSERT INTO rm.intervals AS t (vin, started_at, ended_at, status) VALUES ($1, $2, $3, $4)
             ON CONFLICT (vin, started_at) DO UPDATE SET ended_at = excluded.ended_at`,
            [v.vin, new Date(r.startedAt), new Date(r.endedAt), r.status],
          );
        instants.push(r.startedAt, r.startedAt - 1, r.endedAt ?? r.startedAt + 1);
      }
      if (h.undoLast && !h.retired && rows.length >= 2) {
        await db.pool.query(`DELETE FROM rm.intervals WHERE vin = $1 AND started_at = $2`, [
          v.vin,
          new Date(last.startedAt),
        ]);
        await db.pool.query(`UPDATE rm.intervals SET ended_at = NULL WHERE vin = $1 AND started_at = $2`, [
          v.vin,
          new Date(rows[rows.length - 2]!.startedAt),
        ]);
      }
    }
    return { instants };
  }

  async function vehicleByVehicle(at: Date) {
    const { counts } = await fleetPageAsOf(
      db.pool,
      at,
      { customerId: customer.customerId },
      { sort: 'vin', order: 'asc', limit: 1, offset: 0 },
    );
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rm.vehicles v
        WHERE v.registered_at <= $1 AND (v.retired_at IS NULL OR v.retired_at > $1)
          AND NOT EXISTS (SELECT 1 FROM rm.intervals i WHERE i.vin = v.vin AND i.started_at <= $1
                            AND i.status <> 'never-seen')`,
      [at],
    );
    return { ...counts, neverSeen: rows[0]!.n };
  }

  it('equal the vehicle-by-vehicle counts at every instant around each change', async () => {
    await db.pool.query(
      `INSERT INTO rm.checkpoint (projection, transaction_id, global_position, deadlines_after)
       VALUES ('fleet', '1', 1, 'infinity')`,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(history, { minLength: 1, maxLength: 6 }), async (histories) => {
        const { instants } = await write(histories);
        for (const ms of [...new Set(instants)]) {
          const at = new Date(ms);
          const sums = await fleetCountsAsOf(db.pool, at);
          const probed = await vehicleByVehicle(at);
          expect({ at: at.toISOString(), ...sums }).toEqual({
            at: at.toISOString(),
            total: probed.total,
            online: probed.online,
            neverSeen: probed.neverSeen,
          });
        }
        // Removing every interval takes every sum back to zero (the DELETE trigger).
        await db.pool.query('DELETE FROM rm.intervals');
        await db.pool.query('DELETE FROM rm.vehicles');
        const { rows } = await db.pool.query(
          `SELECT * FROM rm.fleet_count_deltas WHERE (total, online, never_seen) <> (0, 0, 0)`,
        );
        expect(rows).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('are not trusted for an instant at or past an online vehicle deadline the projector has not applied', async () => {
    await db.pool.query(`UPDATE rm.checkpoint SET deadlines_after = $1`, [new Date(T0)]);
    expect(await fleetCountsAsOf(db.pool, new Date(T0))).not.toBeNull();
    expect(await fleetCountsAsOf(db.pool, new Date(T0 + 1))).toBeNull();
    await db.pool.query(`UPDATE rm.checkpoint SET deadlines_after = NULL`);
    expect(await fleetCountsAsOf(db.pool, new Date(T0 - 60_000))).toBeNull();
  });
});
