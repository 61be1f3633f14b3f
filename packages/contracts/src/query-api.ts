import { z } from 'zod';
import { CustomerId, IsoDateTime, Vin } from './primitives';

/**
 * The query service's API (/api/v1, the seed-compatible /search, and the SSE stream). Query parameter schemas
 * parse the raw strings of a URL; response schemas describe what is sent. The OpenAPI document is generated
 * from these.
 */

export const VehicleStatus = z.enum(['online', 'offline', 'never-seen']);
export type VehicleStatus = z.infer<typeof VehicleStatus>;

/** `offline` in filters means "not online": offline and never-seen alike. */
export const StatusFilter = z.enum(['online', 'offline']);
export type StatusFilter = z.infer<typeof StatusFilter>;

export const VehicleSort = z.enum(['vin', 'regNo', 'customer', 'status', 'lastSeen']);
export type VehicleSort = z.infer<typeof VehicleSort>;

export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrder>;

export const MAX_PAGE_SIZE = 200;

export const VehicleListQuery = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .describe('case-insensitive substring of customer name, VIN or reg. number'),
  customerId: CustomerId.optional(),
  status: StatusFilter.optional(),
  sort: VehicleSort.default('vin'),
  order: SortOrder.default('asc'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('1-based'),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  asOf: IsoDateTime.optional().describe('the fleet as it was at this instant, from the connectivity history'),
});
export type VehicleListQuery = z.infer<typeof VehicleListQuery>;

export const CustomerRef = z.object({ id: CustomerId, name: z.string(), address: z.string() });
export type CustomerRef = z.infer<typeof CustomerRef>;

export const VehicleSummary = z.object({
  vin: z.string(),
  regNo: z.string(),
  customer: CustomerRef,
  status: VehicleStatus,
  lastSeenAt: IsoDateTime.nullable().describe('null while never seen, and always null in asOf answers'),
  statusSince: IsoDateTime.nullable(),
  offlineTimeoutSeconds: z.number().int(),
});
export type VehicleSummary = z.infer<typeof VehicleSummary>;

export const FleetCounts = z.object({
  online: z.number().int(),
  offline: z.number().int().describe('every vehicle not online, never-seen included'),
  total: z.number().int(),
});
export type FleetCounts = z.infer<typeof FleetCounts>;

export const VehicleListResponse = z.object({
  items: z.array(VehicleSummary),
  total: z.number().int().describe('vehicles matching every filter'),
  counts: FleetCounts.describe('follows every filter but status'),
  page: z.number().int(),
  pageSize: z.number().int(),
  asOf: IsoDateTime.optional(),
});
export type VehicleListResponse = z.infer<typeof VehicleListResponse>;

export const CustomerSummary = CustomerRef.extend({
  vehicleCount: z.number().int(),
  online: z.number().int(),
  offline: z.number().int(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const CustomerListResponse = z.object({ items: z.array(CustomerSummary) });
export type CustomerListResponse = z.infer<typeof CustomerListResponse>;

export const VinParams = z.object({ vin: Vin });

export const VehicleDetail = z.object({
  vin: z.string(),
  regNo: z.string(),
  customer: CustomerRef,
  status: VehicleStatus,
  lastSeenAt: IsoDateTime.nullable(),
  statusSince: IsoDateTime.nullable(),
  heartbeatCount: z.number().int(),
  offlineTimeoutSeconds: z.number().int(),
  registeredAt: IsoDateTime,
  retiredAt: IsoDateTime.nullable(),
});
export type VehicleDetail = z.infer<typeof VehicleDetail>;

export const MAX_HISTORY_DAYS = 400;

export const HistoryQuery = z.object({
  from: IsoDateTime.optional().describe('default: 24 hours before `to`'),
  to: IsoDateTime.optional().describe(`default: now; at most ${MAX_HISTORY_DAYS} days after from`),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const HistoryInterval = z.object({
  status: VehicleStatus,
  from: IsoDateTime,
  to: IsoDateTime.nullable().describe('null while the interval is still open'),
});
export type HistoryInterval = z.infer<typeof HistoryInterval>;

export const HistoryResponse = z.object({
  vin: z.string(),
  from: IsoDateTime,
  to: IsoDateTime,
  intervals: z.array(HistoryInterval).describe('clipped to [from, to]'),
  uptimeShare: z.number().min(0).max(1).describe('share of [from, min(to, now)] spent online'),
  heartbeatsPerHour: z
    .array(z.object({ hour: IsoDateTime, count: z.number().int() }))
    .describe('hours without heartbeats are left out'),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

export const StreamQuery = z.object({
  customerId: CustomerId.optional(),
  lastEventId: z
    .string()
    .regex(/^\d{1,18}$/, 'an event id')
    .optional()
    .describe('resume after this event (the Last-Event-ID header wins when both are sent)'),
});
export type StreamQuery = z.infer<typeof StreamQuery>;

/** `event: status`, id = status_changes.id. */
export const StatusEventData = z.object({
  vin: z.string(),
  customerId: CustomerId,
  status: VehicleStatus,
  at: IsoDateTime,
  lastSeenAt: IsoDateTime.nullable(),
});
export type StatusEventData = z.infer<typeof StatusEventData>;

/** `event: counts`, no id: on connect and after each batch of changes. */
export const CountsEventData = FleetCounts.extend({
  customers: z.array(
    z.object({
      id: CustomerId,
      online: z.number().int(),
      offline: z.number().int(),
      vehicleCount: z.number().int(),
    }),
  ),
});
export type CountsEventData = z.infer<typeof CountsEventData>;

/** The seed's search: `online` is the string true or false. */
export const SeedSearchQuery = z.object({
  customer_name: z.string().max(200).optional().describe('case-insensitive substring of the customer name'),
  online: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only online vehicles; false: only vehicles not online'),
});
export type SeedSearchQuery = z.infer<typeof SeedSearchQuery>;

export const SeedSearchItem = z.object({
  id: z.string().describe('the VIN'),
  reg_no: z.string(),
  heartbeat_ts: IsoDateTime.nullable(),
  online: z.boolean(),
  customer: CustomerRef,
});
export type SeedSearchItem = z.infer<typeof SeedSearchItem>;

export const SeedSearchResponse = z.array(SeedSearchItem);

export const PingResponse = z.object({ message: z.literal('pong') });
