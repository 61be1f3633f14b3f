import type { Queryable } from '@vehicle-tracker/service-kit';
import { schemaName } from './schema';

export interface ProjectionStatus {
  projection: string;
  transactionId: string;
  globalPosition: number;
  updatedAt: Date;
  headPosition: number;
  lagEvents: number;
  lagSeconds: number;
}

/** Position and lag of each projection in `schema`: events after the checkpoint (commit order) and their age. */
export async function projectionStatus(db: Queryable, schema: string): Promise<ProjectionStatus[]> {
  const { rows } = await db.query<{
    projection: string;
    transaction_id: string;
    global_position: number;
    updated_at: Date;
    head_position: number | null;
    lag_events: number;
    lag_seconds: number | null;
  }>(
    `SELECT c.projection, c.transaction_id::text AS transaction_id, c.global_position, c.updated_at,
       (SELECT max(global_position) FROM events) AS head_position, p.lag_events,
       extract(epoch FROM now() - p.oldest)::float8 AS lag_seconds
     FROM ${schemaName(schema)}.checkpoint c
     CROSS JOIN LATERAL (
       SELECT count(*) AS lag_events, min(e.recorded_at) AS oldest FROM events e
       WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)
     ) p
     ORDER BY c.projection`,
  );
  return rows.map((r) => ({
    projection: r.projection,
    transactionId: r.transaction_id,
    globalPosition: Number(r.global_position),
    updatedAt: r.updated_at,
    headPosition: Number(r.head_position ?? 0),
    lagEvents: Number(r.lag_events),
    lagSeconds: Math.max(0, r.lag_seconds ?? 0),
  }));
}

/** The newest position in the log (for the lag-in-events gauge; sequence gaps make it approximate). */
export async function headPosition(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ head: number | null }>('SELECT max(global_position) AS head FROM events');
  return Number(rows[0]?.head ?? 0);
}
