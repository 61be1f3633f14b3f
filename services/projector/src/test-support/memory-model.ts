import type { VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import { applyEvent, applyTime } from '../domain/apply-event';
import { finishBatch, lastSeenWrites, newBatch, startOf, type Batch } from '../domain/batch';
import type { CustomerState, Interval, StatusChange, VehicleState } from '../domain/model';

export interface Logged {
  event: VehicleTrackerEvent;
  recordedAt: Date;
}

/**
 * The read model in memory, with the same load / fold / write cycle as the database runner: each call is one
 * transaction. Rows are copied in and out, so a batch never mutates the stored rows directly.
 */
export class MemoryModel {
  readonly vehicles = new Map<string, VehicleState>();
  readonly customers = new Map<string, CustomerState>();
  readonly intervalRows = new Map<string, Interval>();
  readonly hourlyRows = new Map<string, number>();
  /** rm.vehicle_last_seen, kept as the projector keeps it: only through each batch's lastSeenWrites(). */
  readonly lastSeenRows = new Map<string, { online: boolean; lastHeartbeatAt: number | null }>();
  readonly published: StatusChange[] = [];

  constructor(readonly defaultTimeout = 60) {}

  /** Applies events as one batch (one transaction). */
  apply(events: readonly Logged[]): StatusChange[] {
    return this.run((b) => events.forEach((e) => applyEvent(b, e.event, e.recordedAt)));
  }

  /** The live runner's deadline pass at wall-clock time `now`. */
  passTime(now: Date): StatusChange[] {
    return this.run((b) => applyTime(b, now));
  }

  vehicle(vin: string): VehicleState {
    const v = this.vehicles.get(vin);
    if (!v) throw new Error(`no vehicle ${vin}`);
    return v;
  }

  customer(id: string): CustomerState {
    const c = this.customers.get(id);
    if (!c) throw new Error(`no customer ${id}`);
    return c;
  }

  /** Intervals of one vehicle in time order, as [status, startedAt ISO, endedAt ISO | null]. */
  intervals(vin: string): [string, string, string | null][] {
    return [...this.intervalRows.values()]
      .filter((i) => i.vin === vin)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
      .map((i) => [i.status, i.startedAt.toISOString(), i.endedAt?.toISOString() ?? null]);
  }

  /** Every row, sorted, for comparing two models. */
  dump(): unknown {
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    return {
      vehicles: sorted(this.vehicles),
      customers: sorted(this.customers),
      intervals: sorted(this.intervalRows),
      hourly: sorted(this.hourlyRows),
      lastSeen: sorted(this.lastSeenRows),
    };
  }

  private run(fold: (b: Batch) => void): StatusChange[] {
    const b = newBatch(
      this.defaultTimeout,
      [...this.vehicles.values()].map((v) => structuredClone(v)),
      [...this.customers.values()].map((c) => structuredClone(c)),
    );
    fold(b);
    const changes = finishBatch(b);
    this.write(b);
    this.published.push(...changes);
    return changes;
  }

  private write(b: Batch): void {
    const lastSeen = lastSeenWrites(b);
    for (const vin of lastSeen.remove) this.lastSeenRows.delete(vin);
    for (const v of lastSeen.upsert)
      this.lastSeenRows.set(v.vin, {
        online: v.status === 'online',
        lastHeartbeatAt: v.lastHeartbeatAt?.getTime() ?? null,
      });
    for (const vin of b.dirtyVehicles) this.vehicles.set(vin, b.vehicles.get(vin)!);
    for (const id of b.dirtyCustomers) this.customers.set(id, b.customers.get(id)!);
    for (const [vin, writes] of b.intervals)
      for (const w of writes) {
        const key = `${vin}|${startOf(w).getTime()}`;
        if (w.kind === 'delete') this.intervalRows.delete(key);
        else this.intervalRows.set(key, { ...w.interval });
      }
    for (const [vin, list] of b.hourly)
      for (const h of list) {
        const key = `${vin}|${h.hour}`;
        this.hourlyRows.set(key, (this.hourlyRows.get(key) ?? 0) + h.count);
      }
  }
}
