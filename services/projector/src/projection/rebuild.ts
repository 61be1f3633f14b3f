import type { Checkpoint } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';
import pg from 'pg';
import type { Logger } from 'pino';
import { deadlinesAfterSave, lockCheckpoint } from '../db/checkpoint';
import { runStatements } from '../db/statement';
import { LOCKS, tryLock } from '../db/leader-lock';
import { LIVE_SCHEMA, TWIN_SCHEMA } from '../db/schema';
import { publishDrift, STATUS_CHANNEL } from '../db/status-changes';
import { createTwin, dropSchema, lockLiveCheckpoint, schemaExists, swapIn, twinIsComplete } from '../db/twin';
import { applyDeadlines } from './apply-deadlines';
import { applyPage } from './apply-events';
import { readPage } from './read-page';
import type { FleetCache } from '../domain/fleet-cache';
import { Runner } from './runner';
import { PROJECTION, type Target } from './target';

export interface RebuildOptions {
  databaseUrl: string;
  pool: Queryable;
  logger: Logger;
  replicaId: string;
  defaultTimeout: number;
  batchSize: number;
  /** Largest batch while far behind (see Runner). */
  maxBatchSize?: number;
  /** See RunnerDeps.memoryBudgetBytes. */
  memoryBudgetBytes?: number;
  clock?: () => Date;
  /** Drop a twin left by an earlier, unfinished rebuild instead of resuming it. */
  fresh?: boolean;
  /** Swap the twin in when caught up (default). Without it the twin stays, e.g. for comparing with the live model. */
  swap?: boolean;
  twin?: string;
}

const OLD_SCHEMA = 'rm_old';
const FLIP_LIMIT = 5000;

export interface RebuildResult {
  /** Events replayed (before the swap's tail). */
  events: number;
  position: Checkpoint;
  /** Status changes the swap published (0 without a swap). */
  published: number;
}

/**
 * Replays the whole log into a twin schema while the live tables keep serving, then swaps it in atomically.
 * Resumable: the twin carries its own checkpoint, so a rebuild that crashed continues where it stopped.
 */
export async function rebuild(o: RebuildOptions): Promise<RebuildResult> {
  const twin = o.twin ?? TWIN_SCHEMA;
  const clock = o.clock ?? (() => new Date());
  const target: Target = {
    schema: twin,
    projection: PROJECTION,
    defaultTimeout: o.defaultTimeout,
    publish: false,
  };
  const client = new pg.Client({
    connectionString: o.databaseUrl,
    application_name: `vt-rebuild ${o.replicaId}`,
  });
  client.on('error', (err) => o.logger.error({ err }, 'rebuild connection lost'));
  await client.connect();
  try {
    if (!(await tryLock(client, LOCKS.rebuild))) throw new Error('another rebuild is running');
    await dropSchema(client, OLD_SCHEMA); // left by a rebuild that died between its swap and the cleanup
    if (o.fresh) await dropSchema(client, twin);
    else if ((await schemaExists(client, twin)) && !(await twinIsComplete(client, twin))) {
      o.logger.warn(
        { twin },
        'the unfinished rebuild predates a migration of the read model; starting afresh',
      );
      await dropSchema(client, twin);
    }
    if (!(await schemaExists(client, twin))) {
      await client.query('BEGIN');
      await createTwin(client, twin);
      await client.query('COMMIT');
    }
    const runner = new Runner({
      client,
      reader: o.pool,
      target,
      batchSize: o.batchSize,
      maxBatchSize: o.maxBatchSize,
      memoryBudgetBytes: o.memoryBudgetBytes,
      pollMs: 1000,
      flipIntervalMs: 0,
      clock,
      logger: o.logger,
    });
    const events = await replay(runner, o.logger);
    if (o.swap === false) {
      await runner.flipDue(clock());
      return { events, position: runner.position, published: 0 };
    }
    const { position, published } = await swap(client, target, runner.cache, o.batchSize, clock);
    await dropSchema(client, OLD_SCHEMA);
    o.logger.info({ position, published }, 'rebuild swapped in');
    return { events, position, published };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function replay(runner: Runner, logger: Logger): Promise<number> {
  await runner.load();
  const started = performance.now();
  let total = 0;
  for (;;) {
    const n = await runner.catchUp();
    total += n;
    if (n === 0) break;
    logger.info(
      {
        position: runner.position,
        events: total,
        perSecond: Math.round(total / ((performance.now() - started) / 1000)),
      },
      'rebuild progress',
    );
  }
  return total;
}

/**
 * One transaction: block live writes, apply the tail the live projector may have added meanwhile, flip what is
 * due now, publish what differs from the live tables (publishDrift), rename the schemas, announce. The live
 * projector then finds its checkpoint moved and reloads. Uses the replay's cache (the twin's rows and deadlines as
 * committed); the rebuild ends here, so a failure needs no undo.
 */
async function swap(
  client: pg.Client,
  target: Target,
  cache: FleetCache,
  batchSize: number,
  clock: () => Date,
): Promise<{ position: Checkpoint; published: number }> {
  await client.query('BEGIN');
  try {
    await lockLiveCheckpoint(client);
    let position = await lockCheckpoint(client, target.schema, target.projection);
    for (;;) {
      const page = await readPage(client, position, batchSize);
      if (page.size === 0) break;
      cache.committed(await applyPage(client, target, cache, page));
      position = page.checkpoint;
    }
    const now = clock();
    for (;;) {
      const { due, batch } = await applyDeadlines(client, target, cache, now, FLIP_LIMIT);
      if (batch) cache.committed(batch);
      if (due < FLIP_LIMIT) break;
    }
    await runStatements(client, [
      deadlinesAfterSave(target.schema, target.projection, cache.deadlines.peek()),
    ]);
    // The tail and the flips above went into the twin unpublished: the feed must end where the new tables are.
    const published = await publishDrift(client, target.schema, LIVE_SCHEMA);
    await swapIn(client, target.schema, OLD_SCHEMA);
    // Also when nothing was published: dashboards refetch the counts, which may differ from the ones streamed.
    await client.query(
      `SELECT pg_notify('${STATUS_CHANNEL}', coalesce((SELECT max(id) FROM status_changes), 0)::text)`,
    );
    await client.query('COMMIT');
    return { position, published };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
