import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { LOCKS, lockHolder } from '../../../services/projector/src/db/leader-lock';
import { EventWriter } from './event-writer';
import { sleep, spawnService, waitFor, type ServiceProcess } from './processes';
import { seedFleet } from './projection-fixture';
import { compareWithRebuild } from './read-model-check';
import { Figures } from './report';
import { sizes, timeoutMs } from './sizes';

/**
 * Failover, beyond services/projector's process spec (one takeover of an idle log): two replicas with default
 * settings while events flow; the active one is SIGKILLed again and again (and restarted as the standby). The
 * other must hold the lock within 5 s and project on from where the dead one committed: the model then equals a
 * fresh rebuild (no gap, no double), the counters equal the log and the status feed has no change twice or lost.
 */
const figures = new Figures('fault: projector failover');
let db: TestDatabase;
let writer: EventWriter;
const replicas = new Map<string, ServiceProcess>();

const spawnReplica = (id: string) =>
  spawnService('projector', { DATABASE_URL: db.url, REPLICA_ID: id, PROJECTOR_BATCH_SIZE: '50' });

async function head(): Promise<{ head: number; at: number }> {
  const { rows } = await db.pool.query<{ head: number; at: number }>(
    `SELECT coalesce((SELECT max(global_position) FROM events), 0) AS head,
            coalesce((SELECT global_position FROM rm.checkpoint), 0) AS at`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { steady, flappy } = await seedFleet(db.pool);
  writer = new EventWriter(db.pool, steady, flappy, 30);
  writer.start();
});
afterAll(async () => {
  await writer.stop();
  await Promise.all([...replicas.values()].map((r) => r.kill()));
  await db.drop();
  figures.print();
});

it(
  'two projectors: kill the active one, the other takes over within 5 s; no gap, no double',
  async () => {
    for (const id of ['fault-a', 'fault-b']) replicas.set(id, await spawnReplica(id));
    const takeovers: number[] = [];
    const projecting: number[] = [];
    for (let f = 0; f < sizes.failovers; f++) {
      const active = await waitFor('an active replica', () => lockHolder(db.pool, LOCKS.live), 15_000);
      const id = active.replica.replace(/^vt-projector /, '');
      await waitFor('the active replica to catch up', async () => (await head()).at > 0, 15_000);
      await sleep(200 + Math.random() * 500); // events flow, the active one projects them
      const { head: headAtKill } = await head();
      await replicas.get(id)!.kill('SIGKILL');
      const killedAt = Date.now();
      await waitFor(
        'the standby to take over',
        async () => {
          const holder = await lockHolder(db.pool, LOCKS.live);
          return holder && holder.replica !== active.replica;
        },
        5_000,
      );
      takeovers.push(Date.now() - killedAt);
      await waitFor('the new active replica to project', async () => (await head()).at >= headAtKill, 10_000);
      projecting.push(Date.now() - killedAt);
      replicas.set(id, await spawnReplica(id)); // back, as the standby
      await writer.pause();
      try {
        expect(await compareWithRebuild(db.pool, db.url)).toEqual([]);
      } finally {
        writer.resume();
      }
    }
    figures.add('failovers (active replica SIGKILLed)', sizes.failovers);
    figures.times('kill -> standby holds the lock', takeovers);
    figures.times('kill -> projecting past the head at the kill', projecting);
    expect(Math.max(...takeovers)).toBeLessThan(5_000);
  },
  timeoutMs(90_000, 600_000),
);
