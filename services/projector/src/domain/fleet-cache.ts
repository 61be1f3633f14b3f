import type { Batch } from './batch';
import { DeadlineHeap } from './deadline-heap';
import type { CustomerState, VehicleState } from './model';

/**
 * What the active runner knows of its read model, so a batch does not SELECT rows it already knows. Valid only
 * while this runner is the only writer of the schema (it holds the leader lock, and its checkpoint check passed):
 * every cached row then equals the committed one. Batches fold the cached objects in place, so the runner must
 * clear() the cache when a transaction fails (the rows may be ahead of the database) and whenever the checkpoint
 * check fails (someone else wrote the tables).
 *
 * `vehicles` and `customers` hold the rows loaded so far (misses are loaded per batch; the runner trims vehicles
 * to its memory budget's share); `deadlines` holds every online vehicle of the schema, loaded in one scan, so the
 * deadline pass needs no index on offline_at.
 */
export class FleetCache {
  readonly vehicles = new Map<string, VehicleState>();
  readonly customers = new Map<string, CustomerState>();
  readonly deadlines = new DeadlineHeap();

  clear(): void {
    this.vehicles.clear();
    this.customers.clear();
    this.deadlines.clear();
  }

  /**
   * Forgets the longest-cached vehicles beyond `capacity` rows, except those in `keep`: rows folded ahead of their
   * commit, which the database does not have yet (any other cached row equals its committed one, so a later batch
   * that needs it again loads it). The deadline queue keeps every online vehicle whatever the capacity.
   */
  trim(capacity: number, keep: ReadonlyMap<string, unknown> = new Map()): number {
    const excess = this.vehicles.size - capacity;
    if (excess <= 0) return 0;
    let dropped = 0;
    for (const vin of this.vehicles.keys()) {
      if (dropped >= excess) break;
      if (keep.has(vin)) continue;
      this.vehicles.delete(vin);
      dropped += 1;
    }
    return dropped;
  }

  /** The batch's transaction committed: keep its rows (new ones too) and move their deadlines. */
  committed(b: Batch): void {
    for (const v of b.vehicles.values()) {
      this.vehicles.set(v.vin, v);
      syncDeadline(this.deadlines, v);
    }
    for (const c of b.customers.values()) this.customers.set(c.customerId, c);
  }
}

/** The heap entry of `v` after a change: present exactly while the vehicle is online with a deadline. */
export function syncDeadline(heap: DeadlineHeap, v: VehicleState): void {
  if (v.status === 'online' && !v.retiredAt && v.offlineAt) heap.set(v.vin, v.offlineAt.getTime());
  else heap.delete(v.vin);
}
