import type { Queryable } from '@vehicle-tracker/service-kit';
import { applyEvent, applyHeartbeat } from '../domain/apply-event';
import { newBatch, type Batch } from '../domain/batch';
import type { FleetCache } from '../domain/fleet-cache';
import { keysOf } from '../domain/keys';
import type { CustomerState, VehicleState } from '../domain/model';
import { loadCustomers } from '../db/customers';
import { loadVehicles } from '../db/vehicles';
import { runStatements } from '../db/statement';
import type { LogPage } from './read-page';
import type { Target } from './target';
import { planWrites } from './write-batch';

/**
 * Folds a page (read after the checkpoint, in commit order) into a batch: the rows its events touch, from `cache`
 * when known there, else loaded through `loader` (and cached). The fold mutates cached rows in place: the caller
 * drops the cache if the batch is not committed.
 *
 * `settle` is awaited before loading the fleet of a customer (a rename or timeout change touches all its active
 * vehicles): that query must see every batch before this one committed. Single rows need no wait: a row touched
 * by a batch still being written is in the cache already, any other is the same before and after its commit.
 */
export async function foldPage(
  loader: Queryable,
  target: Target,
  cache: FleetCache,
  page: LogPage,
  settle?: () => Promise<unknown>,
): Promise<Batch> {
  const events = [...page.events.values()].map((p) => p.event);
  const keys = keysOf(events, page.vins);
  if (keys.fleetsOf.length > 0) await settle?.();
  const vehicles = await vehiclesFor(loader, target, cache, keys);
  const customerIds = new Set(keys.customerIds);
  for (const v of vehicles) customerIds.add(v.customerId);
  const b = newBatch(target.defaultTimeout, vehicles, await customersFor(loader, target, cache, customerIds));
  const { vins, receivedAt } = page;
  for (let i = 0; i < page.size; i++) {
    const vin = vins[i];
    if (vin !== null && vin !== undefined) applyHeartbeat(b, vin, new Date(receivedAt[i]!));
    else {
      const other = page.events.get(i);
      if (other) applyEvent(b, other.event, other.recordedAt);
    }
  }
  return b;
}

/**
 * Folds `page` into the read model and moves the checkpoint past it, inside the caller's transaction: rows and
 * checkpoint commit together or not at all. Returns the batch (for FleetCache.committed() once committed).
 */
export async function applyPage(
  tx: Queryable,
  target: Target,
  cache: FleetCache,
  page: LogPage,
): Promise<Batch> {
  const b = await foldPage(tx, target, cache, page);
  await runStatements(tx, planWrites(target, b, page.checkpoint).statements);
  return b;
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
