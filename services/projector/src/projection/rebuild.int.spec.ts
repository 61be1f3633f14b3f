import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { customerRegistered, heartbeat, randomVin, vehicleRegistered } from '../test-support/builders';
import { catchUpAll, liveRunner, useSpecDatabase } from '../test-support/live-runner';
import { append, waitFor } from '../test-support/harness';
import { createTwin, dropSchema, twinIsComplete } from '../db/twin';
import { rebuild } from './rebuild';

const logger = pino({ level: 'silent' });
const spec = useSpecDatabase();

/**
 * Until every event appended so far is past the commit-safe horizon: a rebuild's replay and swap stop at the first
 * event an older open transaction holds back, and the horizon is cluster-wide (other files' transactions count).
 */
async function settled(): Promise<void> {
  await waitFor('the appended events to be safe to read', async () => {
    const { rows } = await spec.db.pool.query<{ ok: boolean }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot()) > (SELECT max(transaction_id) FROM events) AS ok',
    );
    return rows[0]!.ok;
  });
}

/** Each vehicle's newest status change: status and since when. */
async function feedOf(vins: string[]): Promise<Record<string, [string, number] | undefined>> {
  const { rows } = await spec.db.pool.query<{ vin: string; status: string; at: Date }>(
    `SELECT DISTINCT ON (vin) vin, status, at FROM status_changes WHERE vin = ANY($1) ORDER BY vin, id DESC`,
    [vins],
  );
  const feed: Record<string, [string, number] | undefined> = {};
  for (const vin of vins) feed[vin] = undefined;
  for (const r of rows) feed[r.vin] = [r.status, r.at.getTime()];
  return feed;
}

async function modelOf(vins: string[]): Promise<Record<string, [string, number] | undefined>> {
  const { rows } = await spec.db.pool.query<{ vin: string; status: string; at: Date }>(
    `SELECT vin, status, coalesce(status_since, registered_at) AS at FROM rm.vehicles WHERE vin = ANY($1)`,
    [vins],
  );
  return Object.fromEntries(rows.map((r) => [r.vin, [r.status, r.at.getTime()]]));
}

const changesOf = async (vin: string) =>
  (await spec.db.pool.query('SELECT status FROM status_changes WHERE vin = $1 ORDER BY id', [vin])).rows.map(
    (r: { status: string }) => r.status,
  );

describe('rebuild swap and the status feed', () => {
  it('publishes what the twin changed unpublished: a deadline due after the live flip pass, the tail, a pruned feed', async () => {
    const customerId = randomUUID();
    // due: its deadline falls between the live projector's last flip pass and the swap.
    // late: a heartbeat the live projector has not applied yet when the rebuild runs.
    // pruned: its feed rows were pruned; it is due at the swap too.
    // steady: online before and after; quiet: never seen, feed pruned. Neither may be published again.
    const [due, late, pruned, steady, quiet] = Array.from({ length: 5 }, () => randomVin());
    const t0 = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000); // after the registrations
    await append(spec.db.pool, [
      customerRegistered(new Date(), { customerId, name: `Swap ${customerId}` }),
      ...[due, late, pruned, steady, quiet].map((vin) => vehicleRegistered(new Date(), customerId, { vin })),
      heartbeat(due!, t0),
      heartbeat(pruned!, t0),
      heartbeat(steady!, new Date(t0.getTime() + 100_000)),
    ]);
    const live = liveRunner(spec, () => new Date(t0.getTime() + 30_000));
    await live.load();
    await catchUpAll(spec, live);
    expect(await live.flipDue(new Date(t0.getTime() + 30_000))).toBe(0);
    await spec.db.pool.query('DELETE FROM status_changes WHERE vin = ANY($1)', [[pruned, quiet]]);
    await append(spec.db.pool, [heartbeat(late!, new Date(t0.getTime() + 50_000))]);
    const before = await feedOf([due!, late!, pruned!, steady!, quiet!]);
    expect(before).toEqual({
      [due!]: ['online', t0.getTime()],
      [late!]: ['never-seen', expect.any(Number)],
      [pruned!]: undefined,
      [steady!]: ['online', t0.getTime() + 100_000],
      [quiet!]: undefined,
    });

    const listener = new pg.Client({ connectionString: spec.db.url });
    await listener.connect();
    const payloads: number[] = [];
    listener.on('notification', (m) => payloads.push(Number(m.payload)));
    await listener.query('LISTEN status_changed');
    // The swap happens 90 s after t0: the deadlines of `due` and `pruned` (t0 + 60 s) have passed.
    const swapAt = () =>
      rebuild({
        databaseUrl: spec.db.url,
        pool: spec.db.pool,
        logger,
        replicaId: 'swap-test',
        defaultTimeout: 60,
        batchSize: 100,
        clock: () => new Date(t0.getTime() + 90_000),
        fresh: true,
      });
    await settled();
    try {
      const { published } = await swapAt();
      const vins = [due!, late!, pruned!, steady!, quiet!];
      const model = await modelOf(vins);
      expect(model[due!]).toEqual(['offline', t0.getTime() + 60_000]);
      expect(model[pruned!]).toEqual(['offline', t0.getTime() + 60_000]);
      expect(model[late!]).toEqual(['online', t0.getTime() + 50_000]);
      // After the swap the feed's last change of each vehicle is its state in the model (or, pruned, nothing).
      expect(await feedOf(vins)).toEqual({ ...model, [quiet!]: undefined });
      expect(await changesOf(steady!)).toEqual(['online']); // registered and seen in one batch
      expect(await changesOf(due!)).toEqual(['online', 'offline']);
      expect(published).toBe(3); // due, late, pruned
      const { rows } = await spec.db.pool.query<{ max: number }>(
        'SELECT max(id)::int AS max FROM status_changes',
      );
      await waitFor('the NOTIFY of the swap', async () => payloads.includes(rows[0]!.max));
      // Nothing differs any more: a second rebuild at the same instant publishes nothing (no doubles).
      expect((await swapAt()).published).toBe(0);
    } finally {
      await listener.end();
    }
  });

  it('starts afresh from a twin left by a rebuild that predates a migration of the read model', async () => {
    const twin = 'rm_stale';
    await spec.client.query('BEGIN');
    await createTwin(spec.client, twin);
    await spec.client.query('COMMIT');
    // As if the twin had been made before migration 0012 added the table: its intervals cannot be written.
    await spec.client.query(`DROP TABLE ${twin}.fleet_count_deltas`);
    expect(await twinIsComplete(spec.client, twin)).toBe(false);
    const customerId = randomUUID();
    await append(spec.db.pool, [
      customerRegistered(new Date(), { customerId, name: `Stale ${customerId}` }),
      vehicleRegistered(new Date(), customerId, { vin: randomVin() }),
    ]);
    await settled();
    try {
      const options = {
        databaseUrl: spec.db.url,
        pool: spec.db.pool,
        logger,
        replicaId: 'stale',
        defaultTimeout: 60,
      };
      await rebuild({ ...options, batchSize: 100, twin, swap: false });
      expect(await twinIsComplete(spec.client, twin)).toBe(true);
      const { rows } = await spec.db.pool.query(`SELECT count(*)::int AS n FROM ${twin}.fleet_count_deltas`);
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await dropSchema(spec.client, twin);
    }
  });
});
