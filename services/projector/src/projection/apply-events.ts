import type { Checkpoint } from '@vehicle-tracker/event-store';
import type { LogEvent } from '../db/events';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { applyEvent } from '../domain/apply-event';
import { newBatch, type Batch } from '../domain/batch';
import type { FleetCache } from '../domain/fleet-cache';
import { keysOf } from '../domain/keys';
import type { CustomerState, VehicleState } from '../domain/model';
import { saveCheckpoint } from '../db/checkpoint';
import { loadCustomers } from '../db/customers';
import { loadVehicles } from '../db/vehicles';
import { parseEvents } from './parse-events';
import type { Target } from './target';
import { writeBatch } from './write-batch';

export interface BatchOutcome {
  events: number;
  published: number;
  /** The folded batch: once the transaction committed, the caller hands it to FleetCache.committed(). */
  batch: Batch;
  /** Events whose body does not parse: skipped (logged), never retried forever. */
  skipped: LogEvent[];
}

/**
 * Folds `events` (read after the checkpoint, in commit order) into the read model and moves the checkpoint to
 * `to`, inside the caller's transaction: rows and checkpoint commit together or not at all. Rows come from `cache`
 * when known there, else from the database (and are cached).
 */
export async function applyEvents(
  tx: Queryable,
  target: Target,
  cache: FleetCache,
  events: readonly LogEvent[],
  to: Checkpoint,
): Promise<BatchOutcome> {
  const { parsed, skipped } = parseEvents(events);
  const keys = keysOf(parsed.map((p) => p.event));
  const vehicles = await vehiclesFor(tx, target, cache, keys);
  const customerIds = new Set(keys.customerIds);
  for (const v of vehicles) customerIds.add(v.customerId);
  const b = newBatch(target.defaultTimeout, vehicles, await customersFor(tx, target, cache, customerIds));
  for (const p of parsed) applyEvent(b, p.event, p.recordedAt);
  const published = await writeBatch(tx, target, b);
  await saveCheckpoint(tx, target.schema, target.projection, to);
  return { events: events.length, published, batch: b, skipped };
}

/** The vehicles named, plus every active vehicle of the customers in `fleetsOf`: cached ones, then the misses. */
export async function vehiclesFor(
  tx: Queryable,
  target: Target,
  cache: FleetCache,
  keys: { vins: Iterable<string>; fleetsOf: string[] },
): Promise<VehicleState[]> {
  const found: VehicleState[] = [];
  const missing: string[] = [];
  for (const vin of keys.vins) {
    const v = cache.vehicles.get(vin);
    if (v) found.push(v);
    else missing.push(vin);
  }
  // A fleet-wide event (rename, customer timeout) needs every active vehicle of the customer: rare, so it asks
  // the database which ones exist rather than keeping a per-customer index.
  if (missing.length === 0 && keys.fleetsOf.length === 0) return found;
  const seen = new Set(found.map((v) => v.vin));
  for (const row of await loadVehicles(tx, target.schema, { vins: missing, fleetsOf: keys.fleetsOf })) {
    if (seen.has(row.vin)) continue;
    const v = cache.vehicles.get(row.vin) ?? row;
    cache.vehicles.set(v.vin, v);
    found.push(v);
    seen.add(v.vin);
  }
  return found;
}

/** The customers with these ids: cached ones, then the misses. */
export async function customersFor(
  tx: Queryable,
  target: Target,
  cache: FleetCache,
  ids: Iterable<string>,
): Promise<CustomerState[]> {
  const found: CustomerState[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const c = cache.customers.get(id);
    if (c) found.push(c);
    else missing.push(id);
  }
  for (const c of await loadCustomers(tx, target.schema, missing)) {
    cache.customers.set(c.customerId, c);
    found.push(c);
  }
  return found;
}
