import type { Queryable } from '@vehicle-tracker/service-kit';
import { finishBatch, type Batch } from '../domain/batch';
import { upsertCustomers } from '../db/customers';
import { addHourlyCounts, writeIntervals } from '../db/history';
import { publishStatusChanges } from '../db/status-changes';
import { upsertVehicles } from '../db/vehicles';
import type { Target } from './target';

/** Writes everything a folded batch changed, set-based: one statement per table. Returns the changes published. */
export async function writeBatch(tx: Queryable, target: Target, b: Batch): Promise<number> {
  const changes = finishBatch(b);
  await upsertCustomers(
    tx,
    target.schema,
    [...b.dirtyCustomers].map((id) => b.customers.get(id)!),
  );
  await upsertVehicles(
    tx,
    target.schema,
    [...b.dirtyVehicles].map((vin) => b.vehicles.get(vin)!),
  );
  await writeIntervals(tx, target.schema, b.intervals.values());
  await addHourlyCounts(tx, target.schema, b.hourly.values());
  if (target.publish) await publishStatusChanges(tx, changes);
  return changes.length;
}
