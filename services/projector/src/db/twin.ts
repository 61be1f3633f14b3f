import type { Queryable } from '@vehicle-tracker/service-kit';
import { LIVE_SCHEMA, RM_TABLES, schemaName } from './schema';

export async function schemaExists(db: Queryable, schema: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return rows.length > 0;
}

/**
 * Whether `twin` holds every table a read-model schema has now, and the fleet count triggers: a twin left by a
 * rebuild that stopped before a migration added a table cannot be resumed.
 */
export async function twinIsComplete(db: Queryable, twin: string): Promise<boolean> {
  const { rows } = await db.query<{ tables: number; triggers: number }>(
    `SELECT (SELECT count(*)::int FROM pg_tables WHERE schemaname = $1 AND tablename = ANY($2::text[])) AS tables,
            (SELECT count(*)::int FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relname = 'intervals' AND t.tgname LIKE 'fleet_counts_%') AS triggers`,
    [twin, RM_TABLES],
  );
  return rows[0]!.tables === RM_TABLES.length && rows[0]!.triggers === 3;
}

/**
 * Creates `twin` with empty copies of the live tables (columns, defaults, constraints, indexes, storage
 * parameters such as fillfactor, triggers), in the caller's transaction so it exists whole or not at all.
 */
export async function createTwin(db: Queryable, twin: string): Promise<void> {
  const t = schemaName(twin);
  await db.query(`CREATE SCHEMA ${t}`);
  for (const table of RM_TABLES) {
    await db.query(`CREATE TABLE ${t}.${table} (LIKE ${LIVE_SCHEMA}.${table} INCLUDING ALL)`);
    // LIKE ... INCLUDING ALL does not copy the table's reloptions: without them the twin, once swapped in, would
    // lose the free space that keeps heartbeat updates HOT.
    const { rows } = await db.query<{ reloptions: string[] | null }>(
      'SELECT reloptions FROM pg_class WHERE oid = $1::regclass',
      [`${LIVE_SCHEMA}.${table}`],
    );
    const options = rows[0]?.reloptions;
    // Catalog text of the form name=value, as PostgreSQL itself printed it.
    if (options?.length) await db.query(`ALTER TABLE ${t}.${table} SET (${options.join(', ')})`);
  }
  // Nor triggers: the ones that sum the fleet's counts per instant from the intervals (migration 0012).
  await db.query('SELECT public.rm_install_fleet_count_triggers($1)', [twin]);
}

export async function dropSchema(db: Queryable, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${schemaName(schema)} CASCADE`);
}

/**
 * Blocks every projector write to the live tables until the caller's transaction ends: a live runner's
 * transaction starts by locking its checkpoint row, which this lock mode conflicts with.
 */
export async function lockLiveCheckpoint(db: Queryable): Promise<void> {
  await db.query(`LOCK TABLE ${LIVE_SCHEMA}.checkpoint IN EXCLUSIVE MODE`);
}

/** Swaps the twin in by renaming schemas (within the caller's transaction): readers see old or new, never a mix. */
export async function swapIn(db: Queryable, twin: string, old: string): Promise<void> {
  await db.query(`ALTER SCHEMA ${LIVE_SCHEMA} RENAME TO ${schemaName(old)}`);
  await db.query(`ALTER SCHEMA ${schemaName(twin)} RENAME TO ${LIVE_SCHEMA}`);
}
