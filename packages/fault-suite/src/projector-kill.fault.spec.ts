import type { Queryable } from '@vehicle-tracker/event-store';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { EventWriter } from './event-writer';
import { sleep, spawnService, waitFor, type ServiceProcess } from './processes';
import { seedFleet } from './projection-fixture';
import { caughtUp, compareWithRebuild } from './read-model-check';
import { Figures } from './report';
import { sizes, timeoutMs } from './sizes';

/**
 * Exactly once: the projector is SIGKILLed at random moments while events flow (idle, or in the middle of
 * catching up in small batches) and while it rebuilds; after each restart its read models equal a fresh rebuild
 * of the whole log, compared by checksum, counters included, and the counters agree with the log itself.
 */
const figures = new Figures('fault: projector SIGKILL (exactly once)');
let db: TestDatabase;
let writer: EventWriter;
let live: ServiceProcess | undefined;
let verified = 0;
const catchUpMs: number[] = [];

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: db.url,
  PROJECTOR_BATCH_SIZE: '20',
  REPLICA_ID: 'fault-live',
  ...extra,
});

async function checkpointAt(pool: Queryable, schema = 'rm'): Promise<number> {
  try {
    const { rows } = await pool.query<{ at: number }>(
      `SELECT coalesce((SELECT global_position FROM ${schema}.checkpoint), 0) AS at`,
    );
    return rows[0]!.at;
  } catch {
    return 0; // the schema does not exist (yet)
  }
}

/** Quiet moment: stop the writer, let the projector catch up and flip, then compare with a fresh rebuild. */
async function verifyAgainstRebuild(since: number): Promise<void> {
  await writer.pause();
  try {
    await waitFor('the projector to catch up', () => caughtUp(db.pool), 30_000);
    catchUpMs.push(Date.now() - since);
    expect(await compareWithRebuild(db.pool, db.url)).toEqual([]);
    verified += 1;
  } finally {
    writer.resume();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { steady, flappy } = await seedFleet(db.pool);
  writer = new EventWriter(db.pool, steady, flappy, 30);
  writer.start();
});
afterAll(async () => {
  await writer.stop();
  await live?.kill();
  const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
  figures.add('events in the log at the end', rows[0].n);
  figures.add('checksum comparisons with a fresh rebuild', verified);
  figures.times('restart -> caught up', catchUpMs);
  await db.drop();
  figures.print();
});

it(
  'after every SIGKILL while events flow, the restarted projector equals a fresh rebuild',
  async () => {
    let kills = 0;
    let midCatchUp = 0;
    live = await spawnService('projector', env());
    await verifyAgainstRebuild(Date.now());
    while (kills < sizes.projectorKills) {
      // A random moment: usually idle between the writer's small appends.
      await sleep(Math.random() * 500);
      await live.kill('SIGKILL');
      kills += 1;
      await sleep(300 + Math.random() * 500); // the log grows while it is down
      // Then in the middle of catching up that backlog, 20 events a transaction.
      const before = await checkpointAt(db.pool);
      live = await spawnService('projector', env());
      await waitFor('a committed batch', async () => (await checkpointAt(db.pool)) > before, 20_000);
      await sleep(Math.random() * 30);
      await live.kill('SIGKILL');
      kills += 1;
      if (!(await caughtUp(db.pool))) midCatchUp += 1;
      const restarted = Date.now();
      live = await spawnService('projector', env());
      await verifyAgainstRebuild(restarted);
    }
    figures.add('live projector kills survived', kills);
    figures.add('  of them while catching up', midCatchUp);
    expect(midCatchUp).toBeGreaterThan(0);
  },
  timeoutMs(120_000, 900_000),
);

it(
  'killed while it rebuilds (now and then with the live projector beside it), the model equals a fresh rebuild',
  async () => {
    let rebuildKills = 0;
    let liveKills = 0;
    for (let k = 0; k < sizes.rebuildKills; k++) {
      // Small batches, so the replay takes long enough to be killed in the middle.
      const rebuilding = await spawnService('projector', env({ PROJECTOR_BATCH_SIZE: '5' }), {
        script: 'cli.js',
        args: ['rebuild'],
      });
      let done = false;
      void rebuilding.exited().then(() => (done = true));
      await waitFor(
        'the rebuild to commit a batch',
        async () => done || (await checkpointAt(db.pool, 'rm_next')) > 0,
      );
      await sleep(Math.random() * 200);
      if (done) throw new Error(`the rebuild ended before it could be killed:\n${rebuilding.output()}`);
      await rebuilding.kill('SIGKILL');
      rebuildKills += 1;
      if (k % 2 === 1) {
        await live!.kill('SIGKILL');
        liveKills += 1;
        live = await spawnService('projector', env());
      }
      // The next rebuild resumes the twin where the killed one stopped, then swaps it in.
      const resumed = await spawnService('projector', env({ PROJECTOR_BATCH_SIZE: '50' }), {
        script: 'cli.js',
        args: ['rebuild'],
      });
      const code = await resumed.exited();
      if (code !== 0) throw new Error(`the resumed rebuild exited ${code}:\n${resumed.output()}`);
      // The feed too: the swap publishes what its tail and its deadline pass changed (no gap, no double).
      await verifyAgainstRebuild(Date.now());
    }
    figures.add('rebuild kills survived', rebuildKills);
    figures.add('live kills during a rebuild', liveKills);
  },
  timeoutMs(120_000, 900_000),
);
