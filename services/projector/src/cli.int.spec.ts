import pino from 'pino';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@vehicle-tracker/testing';
import { createTwin, dropSchema } from './db/twin';
import { createProjector } from './projector';
import { fleetLog } from './test-support/fleet-log';
import { append, runCli, waitFor } from './test-support/harness';

let db: TestDatabase;
let head: number;
beforeAll(async () => {
  db = await createTestDatabase();
  await append(db.pool, fleetLog(3, 4).log);
  head = Number((await db.pool.query('SELECT max(global_position) AS head FROM events')).rows[0].head);
});
afterAll(async () => {
  await db.drop();
});

const status = () => runCli(['status'], { DATABASE_URL: db.url });

describe('npm run projector -- status', () => {
  it('before the projector ever ran: no active replica, no projection row yet', async () => {
    const { code, stdout } = await status();
    expect(code).toBe(0);
    expect(stdout).toContain('live projector (schema rm)');
    expect(stdout).toMatch(/active replica\s+none/);
    expect(stdout).not.toContain('projection ');
    expect(stdout).not.toContain('rebuild in progress');
  }, 30_000);

  it('with a replica active and caught up: its name, the position at the log head, no lag', async () => {
    const projector = createProjector({
      databaseUrl: db.url,
      pool: db.pool,
      logger: pino({ level: 'silent' }),
      replicaId: 'status-check',
      defaultTimeout: 60,
      batchSize: 100,
      pollMs: 100,
      flipIntervalMs: 50,
      standbyRetryMs: 100,
    });
    const running = projector.run();
    try {
      await waitFor('the catch-up', async () => {
        const { rows } = await db.pool.query('SELECT global_position FROM rm.checkpoint');
        return Number(rows[0]?.global_position) === head;
      });
      const { code, stdout } = await status();
      expect(code).toBe(0);
      expect(stdout).toMatch(/active replica\s+vt-projector status-check \(connected since \d{4}-\d\d-\d\dT/);
      expect(stdout).toMatch(/projection\s+fleet/);
      expect(stdout).toMatch(new RegExp(`position\\s+${head} \\(transaction \\d+\\), log head ${head}`));
      expect(stdout).toMatch(/lag\s+0 events, 0\.000 s/);
      expect(stdout).toMatch(/last commit\s+\d{4}-\d\d-\d\dT/);
    } finally {
      projector.stop();
      await running;
    }
  }, 30_000);

  it('shows a rebuild in progress and how far it has to go', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await createTwin(client, 'rm_next');
      await client.query(
        `INSERT INTO rm_next.checkpoint (projection, transaction_id, global_position) VALUES ('fleet', '0', 0)`,
      );
      await client.query('COMMIT');
      const { code, stdout } = await status();
      expect(code).toBe(0);
      expect(stdout).toContain('rebuild in progress (schema rm_next)');
      const rebuild = stdout.slice(stdout.indexOf('rebuild in progress'));
      expect(rebuild).toMatch(/active replica\s+none/);
      expect(rebuild).toMatch(new RegExp(`position\\s+0 \\(transaction 0\\), log head ${head}`));
      expect(rebuild).toMatch(new RegExp(`lag\\s+${head} events, \\d+\\.\\d{3} s`));
    } finally {
      await dropSchema(client, 'rm_next');
      await client.end();
    }
  }, 30_000);

  it('an unknown command prints the usage and exits 2; a missing DATABASE_URL exits 1', async () => {
    const unknown = await runCli(['frobnicate'], { DATABASE_URL: db.url });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: projector [run | rebuild [--fresh] | status]');
    const noDb = await runCli(['status'], {});
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toContain('DATABASE_URL');
  }, 30_000);
});
