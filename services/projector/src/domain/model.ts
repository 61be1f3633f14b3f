import type { ConnectivityStatus } from '@vehicle-tracker/contracts';

/** One row of rm.vehicles, as the projection sees it. */
export interface VehicleState {
  vin: string;
  regNo: string;
  customerId: string;
  customerName: string;
  /** The vehicle's own override; null falls back to the customer's, then the system default. */
  timeoutSeconds: number | null;
  effectiveTimeoutSeconds: number;
  status: ConnectivityStatus;
  /** Start of the open interval; null while never seen (the never-seen interval starts at registeredAt). */
  statusSince: Date | null;
  lastHeartbeatAt: Date | null;
  /** The deadline while online: lastHeartbeatAt + effective timeout (or the moment a shorter timeout took effect). */
  offlineAt: Date | null;
  heartbeatCount: number;
  registeredAt: Date;
  retiredAt: Date | null;
  searchText: string;
  /**
   * Set while the vehicle is offline because its deadline passed: the start of the online interval the flip closed.
   * A heartbeat received before the deadline but committed after the flip undoes it with this.
   */
  flippedFrom: Date | null;
}

/** One row of rm.customers. */
export interface CustomerState {
  customerId: string;
  name: string;
  address: string;
  timeoutSeconds: number | null;
  vehicleCount: number;
  onlineCount: number;
  offlineCount: number;
  registeredAt: Date;
}

/** One row of rm.intervals: consecutive, non-overlapping per vehicle; the open one has endedAt null. */
export interface Interval {
  vin: string;
  startedAt: Date;
  endedAt: Date | null;
  status: ConnectivityStatus;
}

/** A published change of a vehicle's status (the live feed, table status_changes). */
export interface StatusChange {
  vin: string;
  customerId: string;
  status: ConnectivityStatus | 'retired';
  at: Date;
  lastHeartbeatAt: Date | null;
}

/** Which customer counter a vehicle falls in: offline_count covers offline and never-seen; retired: none. */
export type Bucket = 'online' | 'offline' | null;

export function bucketOf(v: VehicleState): Bucket {
  if (v.retiredAt) return null;
  return v.status === 'online' ? 'online' : 'offline';
}

/**
 * Lower-cased 'vin regNo customerName' for trigram search. Lower-cased in JavaScript (NFC, Unicode-aware) rather
 * than by the database, so the result does not depend on the database locale; the query service lowercases the
 * search term the same way.
 */
export function searchText(vin: string, regNo: string, customerName: string): string {
  return `${vin} ${regNo} ${customerName}`.normalize('NFC').toLowerCase();
}

/** Start of the vehicle's open interval. */
export function openIntervalStart(v: VehicleState): Date {
  return v.status === 'never-seen' || !v.statusSince ? v.registeredAt : v.statusSince;
}

export const HOUR_MS = 3_600_000;

export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}
