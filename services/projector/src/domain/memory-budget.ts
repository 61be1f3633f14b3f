/**
 * Memory bounds of the runner (PROJECTOR_MEMORY_BUDGET_MB): the size of catch-up batches and the capacity of the
 * fleet cache. Events differ a hundredfold in what a batch holds of them: a heartbeat on the fast path is a slice
 * of one text, a registration a parsed event, a new cached row, its interval and its share of a wide upsert. So a
 * count alone (PROJECTOR_MAX_BATCH_SIZE) cannot bound memory.
 */
export interface BatchSizing {
  /** Events of the first read (PROJECTOR_BATCH_SIZE). */
  min: number;
  /** PROJECTOR_MAX_BATCH_SIZE. */
  max: number;
  /** Working memory the process may fill, bytes. */
  budgetBytes: number;
}

/**
 * Of the budget, what the pages in flight may hold, and what the fleet cache may; the rest is slack (pg buffers,
 * garbage not yet collected, the runtime itself).
 */
export const BATCH_SHARE = 0.25;
export const CACHE_SHARE = 0.4;
/**
 * Heap per cached vehicle, rounded up from measurements over 100k vehicles: ~480 B registered and never seen,
 * ~760 B online (four Dates more), ~740 B loaded from rm.vehicles.
 */
export const CACHED_VEHICLE_BYTES = 800;
/** Pages the catch-up pipeline holds at once: one read ahead, one folded, one being written. */
const PAGES_IN_FLIGHT = 3;
/** Smallest batch the memory bound shrinks to: below it, per-transaction costs dominate. */
export const FLOOR = 500;

/**
 * Events the next catch-up read asks for, after a page of `page.size` events weighing `page.bytes` (estimated).
 * A full page means the runner is behind: the size doubles (fewer rows written per event, fewer transactions) up
 * to `max`, while the process stays under three quarters of the budget. Over the budget (fleet cache included,
 * `residentBytes` is the process's RSS) it halves instead. Either way the pages in flight must fit in the batch
 * share at this page's weight per event. Never below FLOOR (or `min` when smaller).
 */
export function nextBatchSize(
  current: number,
  page: { full: boolean; size: number; bytes: number },
  residentBytes: number,
  s: BatchSizing,
): number {
  const perEvent = page.size > 0 ? page.bytes / page.size : 0;
  const fits =
    perEvent > 0 ? Math.floor((s.budgetBytes * BATCH_SHARE) / PAGES_IN_FLIGHT / perEvent) : Infinity;
  let next = current;
  if (residentBytes > s.budgetBytes) next = Math.floor(current / 2);
  else if (page.full && residentBytes <= s.budgetBytes * 0.75) next = current * 2;
  return Math.max(Math.min(next, s.max, fits), Math.min(FLOOR, s.min));
}

/** How many vehicle rows the fleet cache may keep (FleetCache.trim): its share of the budget. */
export function cacheCapacity(budgetBytes: number): number {
  return Math.max(1000, Math.floor((budgetBytes * CACHE_SHARE) / CACHED_VEHICLE_BYTES));
}
