import { randomUUID } from 'node:crypto';
import pino from 'pino';
import {
  customerRegistered,
  customerUpdated,
  heartbeat,
  randomVin,
  vehicleRegistered,
  vehicleRetired,
  vehicleTransferred,
} from '../test-support/builders';
import { append } from '../test-support/harness';
import { catchUpAll, liveRunner, useSpecDatabase } from '../test-support/live-runner';
import { rebuild } from './rebuild';

const logger = pino({ level: 'silent' });
const spec = useSpecDatabase();

type Row = { vin: string; online: boolean; last_heartbeat_at: Date | null };

/** rm.vehicle_last_seen, by VIN. */
async function lastSeen(): Promise<Row[]> {
  return (
    await spec.db.pool.query<Row>(
      'SELECT vin, online, last_heartbeat_at FROM rm.vehicle_last_seen ORDER BY vin',
    )
  ).rows;
}

/** What rm.vehicle_last_seen must hold according to rm.vehicles. */
async function fromVehicles(): Promise<Row[]> {
  return (
    await spec.db.pool.query<Row>(
      `SELECT vin, status = 'online' AS online, last_heartbeat_at FROM rm.vehicles WHERE retired_at IS NULL
        ORDER BY vin`,
    )
  ).rows;
}

/** The row version (xmin) of each listed VIN: unchanged when the projector left the row alone. */
async function versions(vins: string[]): Promise<Record<string, string>> {
  const { rows } = await spec.db.pool.query<{ vin: string; xmin: string }>(
    'SELECT vin, xmin::text FROM rm.vehicle_last_seen WHERE vin = ANY($1)',
    [vins],
  );
  return Object.fromEntries(rows.map((r) => [r.vin, r.xmin]));
}

describe('rm.vehicle_last_seen, the last-heartbeat order of the active vehicles', () => {
  it('follows registrations, heartbeats, flips, a retirement and a transfer, and survives a rebuild swap', async () => {
    const [from, to] = [randomUUID(), randomUUID()];
    const vins = Array.from({ length: 6 }, () => randomVin()).sort();
    const [a, b, c, d, e, f] = vins as [string, string, string, string, string, string];
    const t0 = Math.ceil(Date.now() / 1000) * 1000 + 1000; // after the registrations
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    let now = at(0);
    const live = liveRunner(spec, () => now);
    await live.load();

    await append(spec.db.pool, [
      customerRegistered(new Date(), { customerId: from, name: `From ${from}` }),
      customerRegistered(new Date(), { customerId: to, name: `To ${to}` }),
      ...vins.map((vin) => vehicleRegistered(new Date(), from, { vin })),
    ]);
    await catchUpAll(spec, live);
    expect(await lastSeen()).toEqual(vins.map((vin) => ({ vin, online: false, last_heartbeat_at: null })));

    // a and b tie; e and f are never seen.
    await append(spec.db.pool, [
      heartbeat(a, at(0)),
      heartbeat(b, at(0)),
      heartbeat(c, at(1)),
      heartbeat(d, at(2)),
    ]);
    now = at(30);
    await catchUpAll(spec, live);
    expect(await lastSeen()).toEqual([
      { vin: a, online: true, last_heartbeat_at: at(0) },
      { vin: b, online: true, last_heartbeat_at: at(0) },
      { vin: c, online: true, last_heartbeat_at: at(1) },
      { vin: d, online: true, last_heartbeat_at: at(2) },
      { vin: e, online: false, last_heartbeat_at: null },
      { vin: f, online: false, last_heartbeat_at: null },
    ]);

    // Deadlines at 60, 60 and 61 s have passed, not d's (62 s): flipped offline, last heartbeat unchanged.
    now = at(61.5);
    expect(await live.flipDue(now)).toBe(3);
    expect(await lastSeen()).toEqual([
      { vin: a, online: false, last_heartbeat_at: at(0) },
      { vin: b, online: false, last_heartbeat_at: at(0) },
      { vin: c, online: false, last_heartbeat_at: at(1) },
      { vin: d, online: true, last_heartbeat_at: at(2) },
      { vin: e, online: false, last_heartbeat_at: null },
      { vin: f, online: false, last_heartbeat_at: null },
    ]);
    expect(await lastSeen()).toEqual(await fromVehicles());

    // c back online, d (online) and f (never seen) retired, e transferred, both customers renamed: every vehicle is
    // touched, but the rows of a, b and e (neither last heartbeat nor online changed) are not written again.
    const untouched = await versions([a, b, e]);
    await append(spec.db.pool, [
      heartbeat(c, at(70)),
      vehicleRetired(new Date(), d),
      vehicleRetired(new Date(), f),
      vehicleTransferred(new Date(), e, from, to),
      customerUpdated(new Date(), from, `Renamed ${from}`),
      customerUpdated(new Date(), to, `Renamed ${to}`),
    ]);
    now = at(71);
    await catchUpAll(spec, live);
    const before = await lastSeen();
    expect(before).toEqual([
      { vin: a, online: false, last_heartbeat_at: at(0) },
      { vin: b, online: false, last_heartbeat_at: at(0) },
      { vin: c, online: true, last_heartbeat_at: at(70) },
      { vin: e, online: false, last_heartbeat_at: null },
    ]);
    expect(before).toEqual(await fromVehicles());
    expect(await versions([a, b, e])).toEqual(untouched);

    // A rebuild replays the log into a twin with its own table and swaps it in: the same rows.
    await rebuild({
      databaseUrl: spec.db.url,
      pool: spec.db.pool,
      logger,
      replicaId: 'last-seen-test',
      defaultTimeout: 60,
      batchSize: 100,
      clock: () => now,
      fresh: true,
    });
    expect(await lastSeen()).toEqual(before);
    expect(await lastSeen()).toEqual(await fromVehicles());

    // The live projector carries on with the swapped-in table.
    const next = liveRunner(spec, () => now);
    await next.load();
    await append(spec.db.pool, [heartbeat(e, at(72)), heartbeat(a, at(72))]);
    now = at(73);
    await catchUpAll(spec, next);
    expect(await lastSeen()).toEqual([
      { vin: a, online: true, last_heartbeat_at: at(72) },
      { vin: b, online: false, last_heartbeat_at: at(0) },
      { vin: c, online: true, last_heartbeat_at: at(70) },
      { vin: e, online: true, last_heartbeat_at: at(72) },
    ]);
    expect(await lastSeen()).toEqual(await fromVehicles());
  });
});
