import type { Checkpoint } from '@vehicle-tracker/event-store';
import { finishBatch, lastSeenWrites, type Batch } from '../domain/batch';
import type { VehicleState } from '../domain/model';
import { checkpointSave } from '../db/checkpoint';
import { customerUpsert } from '../db/customers';
import { hourlyCountAdd, intervalDelete, intervalUpsert } from '../db/history';
import { lastSeenWrite } from '../db/last-seen';
import type { Statement } from '../db/statement';
import { statusChangeInsert } from '../db/status-changes';
import { heartbeatUpdate, statusUpdate, vehicleUpsert } from '../db/vehicles';
import type { Target } from './target';

/**
 * The writes of a folded batch, set-based: one statement per table (three for vehicles: whole rows, the
 * connectivity columns, and the narrow heartbeat-only update that most rows of a batch need; one for the
 * vehicles' last-seen order, for the rows whose last heartbeat or online changed), then the checkpoint when `to`
 * is given. Closes the batch (finishBatch): call once. Built now, run later: see Statement.
 */
export function planWrites(
  target: Target,
  b: Batch,
  to?: Checkpoint,
): { statements: Statement[]; published: number } {
  const changes = finishBatch(b);
  const whole: VehicleState[] = [];
  const statusOnly: VehicleState[] = [];
  const heartbeatsOnly: VehicleState[] = [];
  for (const vin of b.dirtyVehicles) {
    const v = b.vehicles.get(vin)!;
    if (b.wholeRows.has(vin)) whole.push(v);
    else if (b.statusRows.has(vin)) statusOnly.push(v);
    else heartbeatsOnly.push(v);
  }
  const intervals = [...b.intervals.values()].flat();
  const statements = [
    customerUpsert(
      target.schema,
      [...b.dirtyCustomers].map((id) => b.customers.get(id)!),
    ),
    vehicleUpsert(target.schema, whole),
    statusUpdate(target.schema, statusOnly),
    heartbeatUpdate(target.schema, heartbeatsOnly),
    lastSeenWrite(target.schema, lastSeenWrites(b)),
    intervalDelete(target.schema, intervals),
    intervalUpsert(target.schema, intervals),
    hourlyCountAdd(target.schema, b.hourly),
    target.publish ? statusChangeInsert(changes) : null,
    to ? checkpointSave(target.schema, target.projection, to) : null,
  ].filter((s): s is Statement => s !== null);
  return { statements, published: changes.length };
}
