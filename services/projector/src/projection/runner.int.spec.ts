import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { appendEvents } from '@vehicle-tracker/event-store';
import { createTwin, dropSchema } from '../db/twin';
import {
  customerRegistered,
  customerTimeoutSet,
  customerUpdated,
  heartbeat,
  randomVin,
  vehicleRegistered,
} from '../test-support/builders';
import { append, toNew, waitFor } from '../test-support/harness';
import { useSpecDatabase } from '../test-support/live-runner';
import { Runner } from './runner';
import { PROJECTION } from './target';

const logger = pino({ level: 'silent' });
const spec = useSpecDatabase();

function newRunner(
  o: {
    client?: pg.Client;
    schema?: string;
    batchSize?: number;
    maxBatchSize?: number;
    memoryBudgetBytes?: number;
  } = {},
) {
  return new Runner({
    client: o.client ?? spec.client,
    reader: spec.db.pool,
    target: { schema: o.schema ?? 'rm', projection: PROJECTION, defaultTimeout: 60, publish: !o.schema },
    batchSize: o.batchSize ?? 100,
    maxBatchSize: o.maxBatchSize,
    memoryBudgetBytes: o.memoryBudgetBytes,
    pollMs: 100,
    flipIntervalMs: 10,
    clock: () => new Date(),
    logger,
  });
}

/** `c` with every COMMIT sent `ms` later: the next batch is folded while this one is still being written. */
function slowCommits(c: pg.Client, ms: number): pg.Client {
  return new Proxy(c, {
    get(target, prop) {
      if (prop !== 'query') return Reflect.get(target, prop, target) as unknown;
      return async (text: string, values?: unknown[]) => {
        if (text === 'COMMIT') await new Promise((r) => setTimeout(r, ms));
        return target.query(text, values);
      };
    },
  });
}

/** The rows of these vehicles in a read-model schema. */
async function rowsOf(schema: string, vins: string[]) {
  const q = async (sql: string) => (await spec.db.pool.query(sql, [vins])).rows;
  return {
    vehicles: await q(`SELECT * FROM ${schema}.vehicles WHERE vin = ANY($1) ORDER BY vin`),
    intervals: await q(`SELECT * FROM ${schema}.intervals WHERE vin = ANY($1) ORDER BY vin, started_at`),
    hourly: await q(`SELECT * FROM ${schema}.heartbeats_hourly WHERE vin = ANY($1) ORDER BY vin, hour`),
  };
}

const vehicleRow = async (vin: string) =>
  (
    await spec.db.pool.query(
      'SELECT heartbeat_count, last_heartbeat_at, offline_at, status FROM rm.vehicles WHERE vin = $1',
      [vin],
    )
  ).rows[0] as { heartbeat_count: number; last_heartbeat_at: Date; offline_at: Date; status: string };

const deadlinesAfter = async () => {
  const { rows } = await spec.db.pool.query<{ at: Date | null; infinite: boolean }>(
    `SELECT deadlines_after AS at, deadlines_after = 'infinity' AS infinite FROM rm.checkpoint`,
  );
  return rows[0]?.infinite ? Infinity : rows[0]?.at;
};

/**
 * Catches up until `expected` events are applied (or 20 s pass): the commit-safe read holds back behind any open
 * transaction in the shared test cluster (the xmin horizon is cluster-wide), so one pass may apply fewer.
 */
async function catchUpAll(runner: { catchUp(): Promise<number> }, expected: number): Promise<number> {
  let applied = 0;
  for (const deadline = Date.now() + 20_000; applied < expected && Date.now() < deadline;) {
    applied += await runner.catchUp();
    if (applied < expected) await new Promise((r) => setTimeout(r, 50));
  }
  return applied;
}

describe('the runner with its in-memory cache', () => {
  it('writes heartbeat-only changes through the narrow update, then flips from the in-memory queue', async () => {
    const customerId = randomUUID();
    const vin = randomVin();
    const runner = newRunner();
    await runner.load();
    const first = new Date(Date.now() - 59_000);
    await append(spec.db.pool, [
      customerRegistered(new Date(), { customerId, name: `Narrow ${customerId}` }),
      vehicleRegistered(new Date(), customerId, { vin }),
      heartbeat(vin, first),
    ]);
    await runner.catchUp();
    const second = new Date(first.getTime() + 500);
    await append(spec.db.pool, [heartbeat(vin, second)]);
    await runner.catchUp();
    expect(await vehicleRow(vin)).toEqual({
      heartbeat_count: 2,
      last_heartbeat_at: second,
      offline_at: new Date(second.getTime() + 60_000),
      status: 'online',
    });
    // Every online vehicle's deadline is after the instant written with the rows (the only one online here).
    expect(await deadlinesAfter()).toEqual(new Date(second.getTime() + 60_000 - 1));
    expect(await runner.flipDue(new Date(second.getTime() + 60_000))).toBeGreaterThanOrEqual(1);
    expect((await vehicleRow(vin)).status).toBe('offline');
    expect(runner.cache.deadlines.due(second.getTime() + 60_000, 10)).not.toContain(vin);
    expect(await deadlinesAfter()).toBe(Infinity);
  });

  it('forgets its cache when another writer moved the checkpoint (a rebuild swapped in)', async () => {
    const customerId = randomUUID();
    const vin = randomVin();
    await append(spec.db.pool, [
      customerRegistered(new Date(), { customerId, name: `Moved ${customerId}` }),
      vehicleRegistered(new Date(), customerId, { vin }),
      heartbeat(vin, new Date()),
    ]);
    const runner = newRunner();
    const running = runner.run();
    try {
      await waitFor('the first heartbeat', async () => (await vehicleRow(vin))?.heartbeat_count === 1);
      // Another writer takes the checkpoint row first: the runner's next transaction waits for it, then finds the
      // checkpoint moved. That writer applied a heartbeat the runner has not seen: its rows differ from the cache.
      const other = await spec.db.pool.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT 1 FROM rm.checkpoint FOR UPDATE');
        const second = new Date();
        const [h2] = await appendEvents(spec.db.pool, [toNew(heartbeat(vin, second))]);
        await other.query(
          'UPDATE rm.vehicles SET heartbeat_count = 2, last_heartbeat_at = $2, offline_at = $3 WHERE vin = $1',
          [vin, second, new Date(second.getTime() + 60_000)],
        );
        await other.query(
          `UPDATE rm.checkpoint SET transaction_id = $1::text::xid8, global_position = $2 WHERE projection = $3`,
          [h2!.transactionId, h2!.globalPosition, PROJECTION],
        );
        await other.query('COMMIT');
      } finally {
        other.release();
      }
      await append(spec.db.pool, [heartbeat(vin, new Date())]);
      // From the database row (2) plus the third heartbeat; a stale cache (1) would have written 2.
      await waitFor('the third heartbeat', async () => (await vehicleRow(vin))?.heartbeat_count === 3, 5000);
    } finally {
      runner.stop();
      await running;
    }
  });

  it('a rebuild twin carries the storage settings (fillfactor) of the live tables', async () => {
    await spec.client.query('BEGIN');
    await createTwin(spec.client, 'rm_fill');
    await spec.client.query('COMMIT');
    try {
      const { rows } = await spec.db.pool.query(
        `SELECT n.nspname, c.relname, c.reloptions FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('rm', 'rm_fill') AND c.relname IN ('vehicles', 'heartbeats_hourly')
         ORDER BY c.relname, n.nspname`,
      );
      expect(rows.map((r) => [r.nspname, r.relname, r.reloptions])).toEqual([
        ['rm', 'heartbeats_hourly', ['fillfactor=50']],
        ['rm_fill', 'heartbeats_hourly', ['fillfactor=50']],
        ['rm', 'vehicles', ['fillfactor=50']],
        ['rm_fill', 'vehicles', ['fillfactor=50']],
      ]);
    } finally {
      await dropSchema(spec.client, 'rm_fill');
    }
  });

  it('pipelined, growing batches: a customer change reaches the vehicles of a batch still being written', async () => {
    const ready = newRunner();
    await ready.load();
    await ready.catchUp();
    const customerId = randomUUID();
    const vins = Array.from({ length: 6 }, () => randomVin());
    const t0 = Date.now() - 30_000;
    // Pages of 2, 4, 4, ...: the rename is folded while the batch registering vehicles 1 to 4 commits (slowly).
    // It names none of them: they come from the fleet query, which must wait for that commit.
    await append(spec.db.pool, [
      customerRegistered(new Date(), { customerId, name: `Before ${customerId}` }),
      ...vins.map((vin) => vehicleRegistered(new Date(), customerId, { vin })),
      customerUpdated(new Date(), customerId, `After ${customerId}`),
      heartbeat(vins[0]!, new Date(t0)),
      heartbeat(vins[0]!, new Date(t0 + 1000)),
      customerTimeoutSet(new Date(), customerId, 300),
      ...vins.map((vin, i) => heartbeat(vin, new Date(t0 + 2000 + i))),
    ]);
    const slow = newRunner({ client: slowCommits(spec.client, 50), batchSize: 2, maxBatchSize: 4 });
    await slow.load();
    expect(await catchUpAll(slow, 17)).toBe(17);
    const live = await rowsOf('rm', vins);
    expect(live.vehicles.map((v) => [v.customer_name, v.effective_timeout_seconds])).toEqual(
      vins.map(() => [`After ${customerId}`, 300]),
    );
    // The same log in one batch, into a twin: the same rows.
    await spec.client.query('BEGIN');
    await createTwin(spec.client, 'rm_pipe');
    await spec.client.query('COMMIT');
    try {
      const reference = newRunner({ schema: 'rm_pipe', batchSize: 10_000 });
      await reference.load();
      await reference.catchUp();
      expect(await rowsOf('rm_pipe', vins)).toEqual(live);
    } finally {
      await dropSchema(spec.client, 'rm_pipe');
    }
  });

  it('over its memory budget: batches shrink, the cache forgets rows beyond its capacity, the rows are the same', async () => {
    const ready = newRunner();
    await ready.load();
    await ready.catchUp();
    const customerId = randomUUID();
    const vins = Array.from({ length: 1500 }, () => randomVin());
    const t0 = Date.now() - 30_000;
    const log = [
      customerRegistered(new Date(), { customerId, name: `Lean ${customerId}` }),
      ...vins.map((vin) => vehicleRegistered(new Date(), customerId, { vin })),
      ...vins.map((vin, i) => heartbeat(vin, new Date(t0 + i))),
      // Fleet-wide: every vehicle of the customer, most of them no longer cached.
      customerUpdated(new Date(), customerId, `Leaner ${customerId}`),
      ...vins.map((vin, i) => heartbeat(vin, new Date(t0 + 5000 + i))),
    ];
    await append(spec.db.pool, log, 1000);
    // A budget the process is always over: the batch halves to the floor (here the first batch, 400); the cache
    // keeps its minimum capacity (1000 rows) of the 1500 vehicles.
    const lean = newRunner({ batchSize: 400, maxBatchSize: 4000, memoryBudgetBytes: 1 });
    await lean.load();
    expect(await catchUpAll(lean, log.length)).toBe(log.length);
    expect(lean.cache.vehicles.size).toBeLessThanOrEqual(1000);
    const live = await rowsOf('rm', vins);
    expect(live.vehicles.map((v) => [v.customer_name, v.heartbeat_count])).toEqual(
      vins.map(() => [`Leaner ${customerId}`, 2]),
    );
    await spec.client.query('BEGIN');
    await createTwin(spec.client, 'rm_lean');
    await spec.client.query('COMMIT');
    try {
      const reference = newRunner({ schema: 'rm_lean', batchSize: 10_000 });
      await reference.load();
      await reference.catchUp();
      expect(await rowsOf('rm_lean', vins)).toEqual(live);
    } finally {
      await dropSchema(spec.client, 'rm_lean');
    }
  });
});
