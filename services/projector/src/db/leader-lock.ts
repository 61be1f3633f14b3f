import type { Queryable } from '@vehicle-tracker/service-kit';

/** Advisory lock keys: one active live projector, one running rebuild (they may run side by side). */
export const LOCKS = { live: 0x7674_0001, rebuild: 0x7674_0002 } as const;

/**
 * Tries the session-level advisory lock on this connection. PostgreSQL releases it when the session ends, so a
 * replica that dies (even SIGKILL: the socket closes) frees it for another at once.
 */
export async function tryLock(db: Queryable, key: number): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
    key,
  ]);
  return rows[0]?.locked === true;
}

/** The application_name of the session holding `key`, or null when nobody holds it. */
export async function lockHolder(
  db: Queryable,
  key: number,
): Promise<{ replica: string; since: Date } | null> {
  const { rows } = await db.query<{ application_name: string; backend_start: Date }>(
    `SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [key],
  );
  const row = rows[0];
  return row ? { replica: row.application_name, since: row.backend_start } : null;
}
