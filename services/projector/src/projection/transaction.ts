import type { Checkpoint } from '@vehicle-tracker/event-store';
import type { ClientBase } from 'pg';
import { lockCheckpoint, sameCheckpoint } from '../db/checkpoint';
import type { Target } from './target';

/** The checkpoint in the database is not where this runner left it: its tables were swapped or written by another. */
export class CheckpointMovedError extends Error {
  constructor(expected: Checkpoint, found: Checkpoint) {
    super(`checkpoint moved: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
    this.name = 'CheckpointMovedError';
  }
}

/**
 * Runs `fn` in a transaction that first locks the checkpoint row and checks it is still `expected`. Every write
 * of a runner goes through here, so a batch is applied once or not at all, even across a rebuild swap.
 */
export async function guardedTransaction<T>(
  client: ClientBase,
  target: Target,
  expected: Checkpoint,
  fn: () => Promise<T>,
): Promise<T> {
  await client.query('BEGIN');
  try {
    const found = await lockCheckpoint(client, target.schema, target.projection);
    if (!sameCheckpoint(found, expected)) throw new CheckpointMovedError(expected, found);
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
