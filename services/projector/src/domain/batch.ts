import {
  bucketOf,
  HOUR_MS,
  type Bucket,
  type CustomerState,
  type Interval,
  type StatusChange,
  type VehicleState,
} from './model';

/** Heartbeats of one vehicle in one hour. */
export interface HourCount {
  hour: number;
  count: number;
}

/** A write to rm.intervals, keyed by (vin, startedAt): the last write to a key wins. */
export type IntervalWrite =
  { kind: 'upsert'; interval: Interval } | { kind: 'delete'; vin: string; startedAt: Date };

interface Snapshot {
  customerId: string;
  bucket: Bucket;
  published: string;
  status: StatusChange['status'];
  /** lastHeartbeatAt in epoch milliseconds (rm.vehicle_last_seen is written only when it or `online` changes). */
  lastSeen: number | null;
}

/**
 * The working set of one transaction: the rows the batch's events touch, loaded before the fold, and every change
 * the fold makes to them. Pure data; the db layer loads and writes it.
 */
export interface Batch {
  readonly defaultTimeout: number;
  readonly vehicles: Map<string, VehicleState>;
  readonly customers: Map<string, CustomerState>;
  readonly dirtyVehicles: Set<string>;
  /**
   * Dirty vehicles that need their whole row written. The others only changed heartbeat fields (last heartbeat,
   * deadline, count): a narrow update, HOT because none of those columns is indexed.
   */
  readonly wholeRows: Set<string>;
  /**
   * Dirty vehicles whose connectivity changed (status, statusSince, flippedFrom and the heartbeat fields) but
   * nothing else: a narrower update than the whole row (a status wave is thousands of them).
   */
  readonly statusRows: Set<string>;
  readonly dirtyCustomers: Set<string>;
  /** Interval writes per vehicle (VIN), at most one per startedAt: the last write to a key wins. */
  readonly intervals: Map<string, IntervalWrite[]>;
  /** Heartbeats counted per vehicle (VIN) and hour of receipt (epoch milliseconds of the hour). */
  readonly hourly: Map<string, HourCount[]>;
  /** State of each touched vehicle before the batch (null: registered in this batch). */
  readonly before: Map<string, Snapshot | null>;
  /** Earliest deadline set by this batch: the runner's deadline timer may have to fire sooner. */
  earliestDeadline: Date | null;
}

export function newBatch(
  defaultTimeout: number,
  vehicles: Iterable<VehicleState> = [],
  customers: Iterable<CustomerState> = [],
): Batch {
  return {
    defaultTimeout,
    vehicles: new Map([...vehicles].map((v) => [v.vin, v])),
    customers: new Map([...customers].map((c) => [c.customerId, c])),
    dirtyVehicles: new Set(),
    wholeRows: new Set(),
    statusRows: new Set(),
    dirtyCustomers: new Set(),
    intervals: new Map(),
    hourly: new Map(),
    before: new Map(),
    earliestDeadline: null,
  };
}

function snapshot(v: VehicleState): Snapshot {
  const status = v.retiredAt ? 'retired' : v.status;
  const at = publishedAt(v);
  return {
    customerId: v.customerId,
    bucket: bucketOf(v),
    status,
    published: `${status}|${at.getTime()}|${v.customerId}`,
    lastSeen: v.lastHeartbeatAt?.getTime() ?? null,
  };
}

function publishedAt(v: VehicleState): Date {
  return v.retiredAt ?? v.statusSince ?? v.registeredAt;
}

/** Marks a vehicle as about to change: remembers its state before the batch the first time. */
export function touch(b: Batch, v: VehicleState): void {
  touchHeartbeat(b, v);
  b.wholeRows.add(v.vin);
}

/** Like touch(), for a change of the connectivity fields only (status, statusSince, flippedFrom, heartbeat fields). */
export function touchStatus(b: Batch, v: VehicleState): void {
  touchHeartbeat(b, v);
  b.statusRows.add(v.vin);
}

/** Like touch(), for a change of the heartbeat fields only (lastHeartbeatAt, offlineAt, heartbeatCount). */
export function touchHeartbeat(b: Batch, v: VehicleState): void {
  if (!b.before.has(v.vin)) b.before.set(v.vin, snapshot(v));
  b.dirtyVehicles.add(v.vin);
}

/** Adds a vehicle registered by this batch. */
export function addVehicle(b: Batch, v: VehicleState): void {
  b.vehicles.set(v.vin, v);
  if (!b.before.has(v.vin)) b.before.set(v.vin, null);
  b.dirtyVehicles.add(v.vin);
  b.wholeRows.add(v.vin);
}

export function putInterval(b: Batch, interval: Interval): void {
  writeInterval(b, interval.vin, interval.startedAt, { kind: 'upsert', interval });
}

export function deleteInterval(b: Batch, vin: string, startedAt: Date): void {
  writeInterval(b, vin, startedAt, { kind: 'delete', vin, startedAt });
}

/** The write of (vin, startedAt), replacing an earlier one of the batch: a vehicle has a handful per batch. */
function writeInterval(b: Batch, vin: string, startedAt: Date, write: IntervalWrite): void {
  const list = b.intervals.get(vin);
  if (!list) {
    b.intervals.set(vin, [write]);
    return;
  }
  const at = startedAt.getTime();
  for (let i = 0; i < list.length; i++)
    if (startOf(list[i]!).getTime() === at) {
      list[i] = write;
      return;
    }
  list.push(write);
}

/** The key (with the VIN) of an interval write. */
export const startOf = (w: IntervalWrite): Date => (w.kind === 'upsert' ? w.interval.startedAt : w.startedAt);

export function countHeartbeat(b: Batch, vin: string, receivedAt: Date): void {
  // Hot path (every heartbeat): no key strings. A vehicle's heartbeats of a batch fall in one or two hours, the
  // newest entry first.
  const hour = Math.floor(receivedAt.getTime() / HOUR_MS) * HOUR_MS;
  const list = b.hourly.get(vin);
  if (!list) {
    b.hourly.set(vin, [{ hour, count: 1 }]);
    return;
  }
  for (let i = list.length - 1; i >= 0; i--) {
    const entry = list[i]!;
    if (entry.hour === hour) {
      entry.count += 1;
      return;
    }
  }
  list.push({ hour, count: 1 });
}

export function noteDeadline(b: Batch, at: Date | null): void {
  if (at && (!b.earliestDeadline || at < b.earliestDeadline)) b.earliestDeadline = at;
}

/**
 * Closes the batch: moves each touched vehicle between its customers' counters (from its bucket before the batch
 * to its bucket now) and lists the status changes to publish, one per vehicle whose published status, time or
 * customer differs from before the batch (a flip undone within the batch publishes nothing).
 */
export function finishBatch(b: Batch): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const [vin, before] of b.before) {
    const v = b.vehicles.get(vin);
    if (!v) continue;
    const after = snapshot(v);
    if (before?.customerId !== after.customerId || before.bucket !== after.bucket) {
      if (before) adjustCounts(b, before.customerId, before.bucket, -1);
      adjustCounts(b, after.customerId, after.bucket, +1);
    }
    if (before?.published !== after.published) {
      changes.push({
        vin,
        customerId: v.customerId,
        status: after.status,
        at: publishedAt(v),
        lastHeartbeatAt: v.lastHeartbeatAt,
      });
    }
  }
  return changes;
}

/** What a batch changes in rm.vehicle_last_seen (one row per active vehicle: online, last heartbeat). */
export interface LastSeenWrites {
  /** Vehicles to write: not listed before the batch (registered), or whose last heartbeat or online changed. */
  upsert: VehicleState[];
  /** VINs retired by the batch. */
  remove: string[];
}

/**
 * The rows of rm.vehicle_last_seen to write, against each dirty vehicle's state before the batch: a vehicle whose
 * batch changed neither its last heartbeat nor whether it is online (a rename, a timeout change, a flip undone
 * within the batch) is left alone, since every write there is a new row version and two index entries.
 */
export function lastSeenWrites(b: Batch): LastSeenWrites {
  const upsert: VehicleState[] = [];
  const remove: string[] = [];
  for (const vin of b.dirtyVehicles) {
    const v = b.vehicles.get(vin);
    if (!v) continue;
    const before = b.before.get(vin) ?? null;
    const listed = before !== null && before.status !== 'retired';
    if (v.retiredAt) {
      if (listed) remove.push(vin);
    } else if (
      !listed ||
      before.lastSeen !== (v.lastHeartbeatAt?.getTime() ?? null) ||
      (before.status === 'online') !== (v.status === 'online')
    )
      upsert.push(v);
  }
  return { upsert, remove };
}

function adjustCounts(b: Batch, customerId: string, bucket: Bucket, delta: number): void {
  const c = b.customers.get(customerId);
  if (!c || bucket === null) return;
  c.vehicleCount += delta;
  if (bucket === 'online') c.onlineCount += delta;
  else c.offlineCount += delta;
  b.dirtyCustomers.add(customerId);
}
