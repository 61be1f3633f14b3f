// Wire types of the query service (/api/v1). Written by hand: the backend's zod contract package is CommonJS
// node code and must not end up in the browser bundle.

export type VehicleStatus = 'online' | 'offline' | 'never-seen';
/** As a filter, 'offline' also matches vehicles never seen. */
export type StatusFilter = 'online' | 'offline';
export type VehicleSortField = 'vin' | 'regNo' | 'customer' | 'status' | 'lastSeen';
export type SortOrder = 'asc' | 'desc';

export interface CustomerRef {
  id: string;
  name: string;
  address: string;
}

export interface VehicleSummary {
  vin: string;
  regNo: string;
  customer: CustomerRef;
  status: VehicleStatus;
  /** null while never seen, and always null in asOf answers. */
  lastSeenAt: string | null;
  statusSince: string | null;
  offlineTimeoutSeconds: number;
}

/** Follow every filter except the status filter. */
export interface VehicleCounts {
  online: number;
  offline: number;
  total: number;
}

export interface VehiclePage {
  items: VehicleSummary[];
  total: number;
  counts: VehicleCounts;
  /** 1-based. */
  page: number;
  pageSize: number;
  asOf?: string;
}

export interface VehicleListParams {
  q?: string;
  customerId?: string;
  status?: StatusFilter;
  sort?: VehicleSortField;
  order?: SortOrder;
  page: number;
  pageSize: number;
  asOf?: string;
}

export interface CustomerSummary extends CustomerRef {
  vehicleCount: number;
  online: number;
  offline: number;
}

export interface CustomerList {
  items: CustomerSummary[];
}

/** GET /vehicles/{vin}. */
export interface Vehicle {
  vin: string;
  regNo: string;
  customer: CustomerRef;
  status: VehicleStatus;
  lastSeenAt: string | null;
  statusSince: string | null;
  heartbeatCount: number;
  offlineTimeoutSeconds: number;
  registeredAt: string;
  retiredAt: string | null;
}

export interface StatusInterval {
  status: VehicleStatus;
  from: string;
  /** null while the interval is still open. */
  to: string | null;
}

export interface VehicleHistory {
  vin: string;
  from: string;
  to: string;
  intervals: StatusInterval[];
  /** Share of [from, to] spent online, 0..1. */
  uptimeShare: number;
  heartbeatsPerHour: { hour: string; count: number }[];
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

// Server-sent events of GET /api/v1/stream.

export interface StatusEventData {
  vin: string;
  customerId: string;
  status: VehicleStatus;
  at: string;
  lastSeenAt: string | null;
}

export interface CountsEventData extends VehicleCounts {
  customers: { id: string; online: number; offline: number; vehicleCount: number }[];
}

export interface HeartbeatEventData {
  vin: string;
  at: string;
}

export type FleetEvent =
  | { type: 'status'; data: StatusEventData }
  | { type: 'counts'; data: CountsEventData }
  | { type: 'heartbeat'; data: HeartbeatEventData }
  /** Not sent by the server: the stream was reopened after a drop, so state may have been missed. */
  | { type: 'reopened' };

// Operator sign-in (/api/v1/auth).

/** GET /auth/session. With OPERATOR_AUTH=off: no username, authRequired false. */
export interface AuthSession {
  username: string | null;
  expiresAt: string | null;
  authRequired: boolean;
}

/** POST /auth/login. The dashboard relies on the HttpOnly cookie set with it and ignores the token. */
export interface LoginAnswer {
  username: string;
  token: string;
  expiresAt: string;
}
