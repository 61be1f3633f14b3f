import { START, type Checkpoint } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { schemaName } from './schema';
import type { Statement } from './statement';

interface CheckpointRow {
  transaction_id: string;
  global_position: number;
}

const toCheckpoint = (r: CheckpointRow | undefined): Checkpoint =>
  r ? { transactionId: r.transaction_id, globalPosition: Number(r.global_position) } : START;

/** Where the projection stands (START when it never ran). */
export async function readCheckpoint(db: Queryable, schema: string, projection: string): Promise<Checkpoint> {
  const { rows } = await db.query<CheckpointRow>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM ${schemaName(schema)}.checkpoint
     WHERE projection = $1`,
    [projection],
  );
  return toCheckpoint(rows[0]);
}

/**
 * Reads the checkpoint inside the write transaction and locks its row. The caller compares it with the position
 * it folded from: a difference means another writer moved it (a rebuild swapped its tables in), so the batch
 * must be dropped, never applied twice.
 */
export async function lockCheckpoint(db: Queryable, schema: string, projection: string): Promise<Checkpoint> {
  const { rows } = await db.query<CheckpointRow>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM ${schemaName(schema)}.checkpoint
     WHERE projection = $1 FOR UPDATE`,
    [projection],
  );
  return toCheckpoint(rows[0]);
}

/** Moves the checkpoint (in the transaction that writes the rows folded up to it). */
export function checkpointSave(schema: string, projection: string, checkpoint: Checkpoint): Statement {
  return {
    text: `INSERT INTO ${schemaName(schema)}.checkpoint (projection, transaction_id, global_position, updated_at)
     VALUES ($1, $2::text::xid8, $3, now())
     ON CONFLICT (projection) DO UPDATE SET transaction_id = excluded.transaction_id,
       global_position = excluded.global_position, updated_at = excluded.updated_at`,
    values: [projection, checkpoint.transactionId, checkpoint.globalPosition],
  };
}

export const sameCheckpoint = (a: Checkpoint, b: Checkpoint) =>
  a.transactionId === b.transactionId && a.globalPosition === b.globalPosition;

/**
 * Records, in the transaction that changed the rows, an instant every online vehicle's deadline is after: the
 * deadline queue's head (every online vehicle of the schema) less 1 ms, or 'infinity' with none online. Until
 * then no open online interval counts as offline, so a reader may take the fleet's counts at any instant up to
 * it from the per-instant sums (migration 0012) without looking at deadlines.
 */
export function deadlinesAfterSave(
  schema: string,
  projection: string,
  earliestDeadline: number | null,
): Statement {
  return {
    text: `UPDATE ${schemaName(schema)}.checkpoint SET deadlines_after = $2::timestamptz WHERE projection = $1`,
    values: [
      projection,
      earliestDeadline === null ? 'infinity' : new Date(earliestDeadline - 1).toISOString(),
    ],
  };
}
