import type { Pool } from 'pg';
import { appendEvents, type AppendedEvent } from '@vehicle-tracker/event-store';
import type { RegistryEvent } from '../domain/registry';
import { applyToWriteModel } from './write-model';

/**
 * Appends registry events and applies them to the write-side tables in one transaction: both commit or neither.
 * `expected` positions make a concurrent change fail with StreamConflictError; a write-side unique index (a
 * customer name) fails with 23505. Either way nothing is written.
 */
export async function appendRegistryEvents(
  pool: Pool,
  events: readonly (RegistryEvent & { eventId: string })[],
  expected: Record<string, number>,
  metadata: Record<string, unknown>,
): Promise<AppendedEvent[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const appended = await appendEvents(
      client,
      events.map((e) => ({ ...e, metadata })),
      { expected },
    );
    const byId = new Map(appended.map((a) => [a.eventId, a]));
    for (const e of events) await applyToWriteModel(client, e, byId.get(e.eventId)!.recordedAt);
    await client.query('COMMIT');
    return events.map((e) => byId.get(e.eventId)!);
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    throw err;
  } finally {
    client.release(broken);
  }
}
