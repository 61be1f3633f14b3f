import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { LOCKS, lockHolder } from './db/leader-lock';
import { rebuild } from './projection/rebuild';
import { heartbeat } from './test-support/builders';
import { fleetLog } from './test-support/fleet-log';
import { append, dumpSchema, exited, spawnProjector, waitFor } from './test-support/harness';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function position(): Promise<{ done: boolean; at: number }> {
  const { rows } = await db.pool.query(
    `SELECT coalesce((SELECT global_position FROM rm.checkpoint), 0) AS at,
       (SELECT max(global_position) FROM events) AS head`,
  );
  return { done: rows[0].at === rows[0].head, at: rows[0].at };
}

describe('the projector as a real process', () => {
  it('killed with SIGKILL mid-batch many times, ends equal to a fresh rebuild', async () => {
    const { log } = fleetLog(30, 120);
    const half = Math.floor(log.length / 2);
    await append(db.pool, log.slice(0, half));
    // Small batches growing to 80 events: many transactions (and pipelined ones) to be killed in.
    const env = {
      DATABASE_URL: db.url,
      PROJECTOR_BATCH_SIZE: '20',
      PROJECTOR_MAX_BATCH_SIZE: '80',
      REPLICA_ID: 'crashy',
    };
    let kills = 0;
    for (let round = 0; round < 8; round++) {
      if (round === 4) await append(db.pool, log.slice(half));
      const before = (await position()).at;
      const child = spawnProjector(env);
      // Kill it while it is catching up: once it has committed a batch, a few milliseconds later.
      await waitFor(
        'progress',
        async () => (await position()).at > before || (await position()).done,
        15_000,
      );
      await sleep(Math.random() * 60);
      child.kill('SIGKILL');
      await exited(child);
      if (!(await position()).done) kills += 1;
    }
    expect(kills).toBeGreaterThanOrEqual(4);
    const last = spawnProjector(env);
    await waitFor('catch-up after the crashes', async () => (await position()).done, 20_000);
    await waitFor('the deadline pass', async () => {
      const { rows } = await db.pool.query(
        `SELECT count(*)::int AS n FROM rm.vehicles WHERE status = 'online' AND offline_at <= now()`,
      );
      return rows[0].n === 0;
    });
    last.kill('SIGTERM');
    expect(await exited(last)).toBe(0);
    await rebuild({
      databaseUrl: db.url,
      pool: db.pool,
      logger: pino({ level: 'silent' }),
      replicaId: 'verify',
      defaultTimeout: 60,
      batchSize: 1000,
      twin: 'rm_verify',
      swap: false,
      fresh: true,
    });
    const live = await dumpSchema(db.pool, 'rm');
    expect(live.vehicles).toHaveLength(30);
    expect(await dumpSchema(db.pool, 'rm_verify')).toEqual(live);
    const { rows } = await db.pool.query('SELECT sum(heartbeat_count)::int AS n FROM rm.vehicles');
    const { rows: sent } = await db.pool.query(
      `SELECT count(*)::int AS n FROM events e JOIN rm.vehicles v ON v.vin = e.data->>'vin'
       WHERE e.type = 'HeartbeatRecorded' AND NOT EXISTS (
         SELECT 1 FROM events r WHERE r.type = 'VehicleRetired' AND r.data->>'vin' = v.vin
           AND (r.transaction_id, r.global_position) < (e.transaction_id, e.global_position))`,
    );
    expect(rows[0].n).toBe(sent[0].n);
  }, 60_000);

  it('two replicas: one is active; kill it and the other takes over within 5 s', async () => {
    const { log, vins } = fleetLog(5, 5);
    await append(db.pool, log);
    const a = spawnProjector({ DATABASE_URL: db.url, REPLICA_ID: 'replica-a' });
    const b = spawnProjector({ DATABASE_URL: db.url, REPLICA_ID: 'replica-b' });
    try {
      const first = await waitFor('a leader', () =>
        lockHolder(db.pool, LOCKS.live).then((h) => h ?? undefined),
      );
      await sleep(500);
      expect((await lockHolder(db.pool, LOCKS.live))?.replica).toBe(first.replica);
      const [leader, standby] = first.replica.endsWith('replica-a') ? [a, b] : [b, a];
      leader.kill('SIGKILL');
      const killedAt = Date.now();
      const next = await waitFor(
        'the standby to take over',
        async () => {
          const h = await lockHolder(db.pool, LOCKS.live);
          return h && h.replica !== first.replica && h;
        },
        5000,
      );
      expect(Date.now() - killedAt).toBeLessThan(5000);
      expect(next.replica).toMatch(/replica-[ab]$/);
      const receivedAt = new Date();
      await append(db.pool, [heartbeat(vins[1]!, receivedAt)]);
      await waitFor(
        'the new leader to catch up and project',
        async () => {
          const { rows } = await db.pool.query('SELECT last_heartbeat_at FROM rm.vehicles WHERE vin = $1', [
            vins[1],
          ]);
          return rows[0]?.last_heartbeat_at?.getTime() === receivedAt.getTime();
        },
        15_000,
      );
      standby.kill('SIGTERM');
      expect(await exited(standby)).toBe(0);
    } finally {
      a.kill('SIGKILL');
      b.kill('SIGKILL');
    }
  }, 30_000);
});
