import type { Queryable } from '@vehicle-tracker/service-kit';
import { applyTime } from '../domain/apply-event';
import { newBatch } from '../domain/batch';
import { loadCustomers } from '../db/customers';
import { loadDueVehicles } from '../db/vehicles';
import type { Target } from './target';
import { writeBatch } from './write-batch';

/**
 * Flips up to `limit` online vehicles whose deadline is at or before `now` to offline at their deadline, inside
 * the caller's transaction (checkpoint unchanged). Returns how many were due; the caller repeats while it is
 * `limit`. The caller must have read the log up to `now` first.
 */
export async function applyDeadlines(
  tx: Queryable,
  target: Target,
  now: Date,
  limit: number,
): Promise<{ due: number; published: number }> {
  const due = await loadDueVehicles(tx, target.schema, now, limit);
  if (due.length === 0) return { due: 0, published: 0 };
  const customers = await loadCustomers(tx, target.schema, [...new Set(due.map((v) => v.customerId))]);
  const b = newBatch(target.defaultTimeout, due, customers);
  applyTime(b, now);
  const published = await writeBatch(tx, target, b);
  return { due: due.length, published };
}
