import type { Queryable } from '@vehicle-tracker/service-kit';
import { finishBatch, type Batch } from '../domain/batch';
import type { VehicleState } from '../domain/model';
import { upsertCustomers } from '../db/customers';
import { addHourlyCounts, writeIntervals } from '../db/history';
import { publishStatusChanges } from '../db/status-changes';
import { updateHeartbeats, upsertVehicles } from '../db/vehicles';
import type { Target } from './target';

/**
 * Writes everything a folded batch changed, set-based: one statement per table (two for vehicles: whole rows, and
 * the narrow heartbeat-only update that most rows of a batch need). Returns the changes published.
 */
export async function writeBatch(tx: Queryable, target: Target, b: Batch): Promise<number> {
  const changes = finishBatch(b);
  await upsertCustomers(
    tx,
    target.schema,
    [...b.dirtyCustomers].map((id) => b.customers.get(id)!),
  );
  const whole: VehicleState[] = [];
  const heartbeatsOnly: VehicleState[] = [];
  for (const vin of b.dirtyVehicles) {
    const v = b.vehicles.get(vin)!;
    if (b.wholeRows.has(vin)) whole.push(v);
    else heartbeatsOnly.push(v);
  }
  await upsertVehicles(tx, target.schema, whole);
  await updateHeartbeats(tx, target.schema, heartbeatsOnly);
  await writeIntervals(tx, target.schema, b.intervals.values());
  await addHourlyCounts(tx, target.schema, b.hourly.values());
  if (target.publish) await publishStatusChanges(tx, changes);
  return changes.length;
}
