import pg from 'pg';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { Runner } from '../projection/runner';
import { PROJECTION } from '../projection/target';

export interface SpecDatabase {
  db: TestDatabase;
  /** Held for the whole file: the leader connection of the runners the spec makes. */
  client: pg.Client;
}

/** The spec file's own database and one connection to it, from its beforeAll to its afterAll. */
export function useSpecDatabase(): SpecDatabase {
  const spec = {} as SpecDatabase;
  beforeAll(async () => {
    spec.db = await createTestDatabase();
    spec.client = new pg.Client({ connectionString: spec.db.url });
    await spec.client.connect();
  });
  afterAll(async () => {
    await spec.client.end();
    await spec.db.drop();
  });
  return spec;
}

/** The live runner (publishing to the feed) on the spec's connection, its clock at `now()`. */
export function liveRunner(spec: SpecDatabase, now: () => Date): Runner {
  return new Runner({
    client: spec.client,
    reader: spec.db.pool,
    target: { schema: 'rm', projection: PROJECTION, defaultTimeout: 60, publish: true },
    batchSize: 100,
    pollMs: 100,
    flipIntervalMs: 0,
    clock: now,
    logger: pino({ level: 'silent' }),
  });
}

/** Applies the whole log (the commit-safe read may hold back behind other files' open transactions). */
export async function catchUpAll(spec: SpecDatabase, runner: Runner): Promise<void> {
  const { rows } = await spec.db.pool.query<{ head: number }>(
    'SELECT max(global_position)::int AS head FROM events',
  );
  for (const deadline = Date.now() + 20_000; runner.position.globalPosition < rows[0]!.head;) {
    if (Date.now() > deadline) throw new Error('the runner did not catch up');
    if ((await runner.catchUp()) === 0) await new Promise((r) => setTimeout(r, 50));
  }
}
