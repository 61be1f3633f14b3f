import { VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import type { Checkpoint, StoredEvent } from '@vehicle-tracker/event-store';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { applyEvent } from '../domain/apply-event';
import { newBatch } from '../domain/batch';
import { keysOf } from '../domain/keys';
import { saveCheckpoint } from '../db/checkpoint';
import { loadCustomers } from '../db/customers';
import { loadVehicles } from '../db/vehicles';
import type { Target } from './target';
import { writeBatch } from './write-batch';

export interface BatchOutcome {
  events: number;
  published: number;
  earliestDeadline: Date | null;
  /** Events whose body does not parse: skipped (logged), never retried forever. */
  skipped: StoredEvent[];
}

/**
 * Folds `events` (read after the checkpoint, in commit order) into the read model and moves the checkpoint to
 * `to`, inside the caller's transaction: rows and checkpoint commit together or not at all.
 */
export async function applyEvents(
  tx: Queryable,
  target: Target,
  events: readonly StoredEvent[],
  to: Checkpoint,
): Promise<BatchOutcome> {
  const parsed: { event: VehicleTrackerEvent; recordedAt: Date }[] = [];
  const skipped: StoredEvent[] = [];
  for (const stored of events) {
    const result = VehicleTrackerEvent.safeParse({
      type: stored.type,
      data: stored.data,
      metadata: stored.metadata,
    });
    if (result.success) parsed.push({ event: result.data, recordedAt: stored.recordedAt });
    else skipped.push(stored);
  }
  const keys = keysOf(parsed.map((p) => p.event));
  const vehicles = await loadVehicles(tx, target.schema, keys);
  const customerIds = new Set([...keys.customerIds, ...vehicles.map((v) => v.customerId)]);
  const customers = await loadCustomers(tx, target.schema, [...customerIds]);
  const b = newBatch(target.defaultTimeout, vehicles, customers);
  for (const p of parsed) applyEvent(b, p.event, p.recordedAt);
  const published = await writeBatch(tx, target, b);
  await saveCheckpoint(tx, target.schema, target.projection, to);
  return { events: events.length, published, earliestDeadline: b.earliestDeadline, skipped };
}
