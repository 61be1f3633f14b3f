import { createHash } from 'node:crypto';
import type { Queryable } from '@vehicle-tracker/service-kit';

/** pg's query config form, which every Queryable the service is given (a pg Pool, PoolClient or Client) takes. */
interface ConfigQueryable {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * Runs `text` as a named (server-side prepared) statement, named after its text, so each pooled connection parses
 * and plans it once instead of per request: for a statement as long as the asOf one, planning cost about as much
 * CPU as running it for one customer. PostgreSQL re-plans by itself when a table it reads changes (a migration, a
 * rebuild's swap). Only for statements whose best plan does not hinge on a parameter's value (after five runs the
 * server may keep one generic plan for all values).
 */
export async function queryPrepared<R extends object>(
  db: Queryable,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const name = `vt_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  const { rows } = await (db as unknown as ConfigQueryable).query<R>({ name, text, values });
  return rows;
}
