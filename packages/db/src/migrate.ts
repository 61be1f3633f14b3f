import path from 'node:path';

/** Folder of the SQL migrations, shipped with this package. */
export const MIGRATIONS_DIR = path.join(__dirname, '..', 'migrations');
export const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * Applies every pending migration. Holds node-pg-migrate's advisory lock in "wait" mode, so replicas that start
 * together run the migrations once: the others wait, then find nothing left to do.
 */
export async function migrate(
  databaseUrl: string,
  log: (msg: string) => void = () => undefined,
): Promise<string[]> {
  // node-pg-migrate is ESM-only: loaded on demand, so code that only needs createPool never pulls it in.
  const { runner } = await import('node-pg-migrate');
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    count: Infinity,
    advisoryLockMode: 'wait',
    checkOrder: true,
    log,
    logger: { info: log, warn: log, error: log, debug: () => undefined },
  });
  return applied.map((m) => m.name);
}

/** Names of the migrations shipped with this build, in order; /readyz compares them with the applied ones. */
export async function pendingMigrations(query: (sql: string) => Promise<{ rows: { name: string }[] }>) {
  const { readdir } = await import('node:fs/promises');
  const shipped = (await readdir(MIGRATIONS_DIR))
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.replace(/\.sql$/, ''));
  let applied: string[] = [];
  try {
    applied = (await query(`SELECT name FROM ${MIGRATIONS_TABLE}`)).rows.map((r) => r.name);
  } catch {
    return shipped;
  }
  return shipped.filter((name) => !applied.includes(name));
}
