import type { Queryable } from '@vehicle-tracker/service-kit';
import { runStatements } from '../db/statement';
import { applyTime } from '../domain/apply-event';
import { newBatch, type Batch } from '../domain/batch';
import type { FleetCache } from '../domain/fleet-cache';
import type { Target } from './target';
import { customersFor, vehiclesFor } from './apply-events';
import { planWrites } from './write-batch';

/**
 * Flips up to `limit` online vehicles whose deadline is at or before `now` to offline at their deadline, inside
 * the caller's transaction (checkpoint unchanged). The due vehicles come from the cache's deadline queue (every
 * online vehicle of the schema). Returns how many were due and the batch (for FleetCache.committed() once the
 * transaction committed: that removes the flipped ones from the queue); the caller repeats while due is `limit`.
 * The caller must have read the log up to `now` first.
 */
export async function applyDeadlines(
  tx: Queryable,
  target: Target,
  cache: FleetCache,
  now: Date,
  limit: number,
): Promise<{ due: number; published: number; batch: Batch | null }> {
  const vins = cache.deadlines.due(now.getTime(), limit);
  if (vins.length === 0) return { due: 0, published: 0, batch: null };
  const due = await vehiclesFor(tx, target, cache, { vins, fleetsOf: [] });
  // A queued VIN without a row (never expected) must not stay due forever.
  if (due.length < vins.length)
    for (const vin of vins) if (!due.some((v) => v.vin === vin)) cache.deadlines.delete(vin);
  const customers = await customersFor(tx, target, cache, new Set(due.map((v) => v.customerId)));
  const b = newBatch(target.defaultTimeout, due, customers);
  applyTime(b, now);
  const { statements, published } = planWrites(target, b);
  await runStatements(tx, statements);
  return { due: vins.length, published, batch: b };
}
