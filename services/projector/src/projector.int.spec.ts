import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { appendEvents } from '@vehicle-tracker/event-store';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createProjector } from './projector';
import { rebuild } from './projection/rebuild';
import {
  customerRegistered,
  heartbeat,
  randomVin,
  vehicleRegistered,
  vehicleTimeoutSet,
} from './test-support/builders';
import { fleetLog } from './test-support/fleet-log';
import { append, dumpSchema, toNew, waitFor } from './test-support/harness';
import type { Leadership } from './projection/leadership';

const logger = pino({ level: process.env.VT_TEST_VERBOSE ? 'debug' : 'silent' });
let db: TestDatabase;
let projector: Leadership;
let running: Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  projector = createProjector({
    databaseUrl: db.url,
    pool: db.pool,
    logger,
    replicaId: 'in-process',
    defaultTimeout: 60,
    batchSize: 200,
    pollMs: 200,
    flipIntervalMs: 50,
    standbyRetryMs: 200,
  });
  running = projector.run();
  await waitFor('the projector to become active', async () => projector.active);
});
afterAll(async () => {
  projector.stop();
  await running;
  await db.drop();
});

const vehicleRow = async (vin: string) =>
  (await db.pool.query('SELECT * FROM rm.vehicles WHERE vin = $1', [vin])).rows[0] as
    Record<string, unknown> | undefined;

async function caughtUp(): Promise<boolean> {
  const { rows } = await db.pool.query(
    `SELECT (SELECT max(global_position) FROM events) = (SELECT global_position FROM rm.checkpoint) AS done`,
  );
  return rows[0]?.done === true;
}

describe('projector against PostgreSQL', () => {
  it('projects registry and heartbeats, publishes status changes with NOTIFY', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (m) => payloads.push(m.payload ?? ''));
    await listener.query('LISTEN status_changed');
    const customerId = randomUUID();
    const vin = randomVin();
    const receivedAt = new Date();
    await append(db.pool, [
      customerRegistered(new Date(), { customerId, name: 'Int Test' }),
      vehicleRegistered(new Date(), customerId, { vin }),
    ]);
    await append(db.pool, [heartbeat(vin, receivedAt)]);
    const row = await waitFor('the vehicle online', async () => {
      const r = await vehicleRow(vin);
      return r?.status === 'online' && r;
    });
    expect(row).toMatchObject({
      customer_name: 'Int Test',
      heartbeat_count: 1,
      last_heartbeat_at: receivedAt,
    });
    const { rows: counts } = await db.pool.query('SELECT * FROM rm.customers WHERE customer_id = $1', [
      customerId,
    ]);
    expect(counts[0]).toMatchObject({ vehicle_count: 1, online_count: 1, offline_count: 0 });
    const { rows: feed } = await db.pool.query(
      'SELECT status FROM status_changes WHERE vin = $1 ORDER BY id',
      [vin],
    );
    expect(feed.map((f) => f.status)).toEqual(expect.arrayContaining(['online']));
    await waitFor('a NOTIFY status_changed', async () => payloads.length > 0);
    expect(Number(payloads.at(-1))).toBeGreaterThan(0);
    await listener.end();
  });

  it('flips a vehicle offline within 1 s of its deadline, with status_since = the deadline', async () => {
    const customerId = randomUUID();
    const vin = randomVin();
    await append(db.pool, [
      customerRegistered(new Date(), { customerId, name: `Flip ${customerId}` }),
      vehicleRegistered(new Date(), customerId, { vin }),
      vehicleTimeoutSet(new Date(), vin, 2),
    ]);
    const receivedAt = new Date();
    await append(db.pool, [heartbeat(vin, receivedAt)]);
    const deadline = receivedAt.getTime() + 2000;
    const row = await waitFor(
      'the offline flip',
      async () => {
        const r = await vehicleRow(vin);
        return r?.status === 'offline' && r;
      },
      5000,
    );
    const noticed = Date.now();
    expect((row.status_since as Date).getTime()).toBe(deadline);
    expect(noticed - deadline).toBeLessThan(1000);
    const { rows } = await db.pool.query(
      `SELECT status, at FROM status_changes WHERE vin = $1 AND status = 'offline'`,
      [vin],
    );
    expect(rows).toEqual([{ status: 'offline', at: new Date(deadline) }]);
    const { rows: intervals } = await db.pool.query(
      'SELECT status, started_at, ended_at FROM rm.intervals WHERE vin = $1 ORDER BY started_at',
      [vin],
    );
    expect(intervals.slice(1)).toEqual([
      { status: 'online', started_at: receivedAt, ended_at: new Date(deadline) },
      { status: 'offline', started_at: new Date(deadline), ended_at: null },
    ]);
  });

  it('misses no event of concurrent writers whose transactions commit out of order', async () => {
    const customerId = randomUUID();
    const vins = Array.from({ length: 8 }, () => randomVin());
    await append(db.pool, [
      customerRegistered(new Date(), { customerId, name: `Writers ${customerId}` }),
      ...vins.map((vin) => vehicleRegistered(new Date(), customerId, { vin })),
    ]);
    let written = 0;
    const writers = Array.from({ length: 12 }, async (_, w) => {
      for (let round = 0; round < 5; round++) {
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          const events = vins.map((vin) => toNew(heartbeat(vin, new Date())));
          await appendEvents(client, events);
          await new Promise((r) => setTimeout(r, Math.random() * 60 + w));
          await client.query('COMMIT');
          written += events.length;
        } finally {
          client.release();
        }
      }
    });
    await Promise.all(writers);
    expect(written).toBe(12 * 5 * 8);
    await waitFor('catch-up', caughtUp);
    const { rows } = await db.pool.query(
      'SELECT sum(heartbeat_count)::int AS n FROM rm.vehicles WHERE customer_id = $1',
      [customerId],
    );
    expect(rows[0].n).toBe(written);
    const { rows: hourly } = await db.pool.query(
      'SELECT sum(count)::int AS n FROM rm.heartbeats_hourly WHERE vin = ANY($1)',
      [vins],
    );
    expect(hourly[0].n).toBe(written);
  });

  it('rebuild: replays into a twin and swaps it in; the result equals the live model', async () => {
    const { log } = fleetLog(12, 40);
    await append(db.pool, log);
    await waitFor('catch-up', caughtUp);
    await waitFor('deadline flips', async () => {
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM rm.vehicles WHERE status = 'online' AND offline_at <= now()`,
      );
      return rows[0].n === 0;
    });
    const live = await dumpSchema(db.pool, 'rm');
    const options = {
      databaseUrl: db.url,
      pool: db.pool,
      logger,
      replicaId: 'test',
      defaultTimeout: 60,
      batchSize: 500,
    };
    await rebuild({ ...options, twin: 'rm_verify', swap: false, fresh: true });
    expect(await dumpSchema(db.pool, 'rm_verify')).toEqual(live);
    const result = await rebuild({ ...options, fresh: true });
    expect(result.events).toBeGreaterThan(log.length);
    expect(await dumpSchema(db.pool, 'rm')).toEqual(live);
    const { rows } = await db.pool.query(
      `SELECT nspname FROM pg_namespace WHERE nspname IN ('rm_next', 'rm_old')`,
    );
    expect(rows).toEqual([]);
    // The live projector carries on with the swapped-in tables.
    const vin = randomVin();
    const customerId = randomUUID();
    await append(db.pool, [
      customerRegistered(new Date(), { customerId, name: `After ${customerId}` }),
      vehicleRegistered(new Date(), customerId, { vin }),
      heartbeat(vin, new Date()),
    ]);
    await waitFor(
      'the live projector on the new tables',
      async () => (await vehicleRow(vin))?.status === 'online',
    );
  });
});
