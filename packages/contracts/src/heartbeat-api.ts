import { z } from 'zod';
import { CustomerId, GatewayId, IsoDateTime, RegNo, TimeoutSeconds, Vin } from './primitives';

/**
 * The heartbeat service's API: device and gateway ingest (/api/v1/vehicles/{vin}/heartbeats,
 * /api/v1/heartbeats, the seed-compatible /heartbeat/{vin}) and the fleet registry admin API (/api/v1/admin).
 */

export const MAX_GATEWAY_BATCH = 1000;

/** Optional body of a single heartbeat; unknown fields are ignored (firmware may send more than we keep). */
export const HeartbeatBody = z.object({
  sentAt: IsoDateTime.optional().describe(
    'device clock; kept as reported, the server clock is authoritative',
  ),
  sequence: z.number().int().nonnegative().optional(),
  firmware: z.string().max(64).optional(),
});
export type HeartbeatBody = z.infer<typeof HeartbeatBody>;

/** 202 answer: sent only after the event is committed. */
export const HeartbeatAccepted = z.object({
  eventId: z.uuid(),
  position: z.number().int().describe('global position of the event in the log'),
  streamPosition: z
    .number()
    .int()
    .nullable()
    .describe('always null: heartbeats take no position in their vehicle stream (kept for compatibility)'),
  receivedAt: IsoDateTime,
});
export type HeartbeatAccepted = z.infer<typeof HeartbeatAccepted>;

export const GatewayHeartbeat = HeartbeatBody.extend({ vin: z.string() });
export const GatewayBatchBody = z.object({
  heartbeats: z.array(z.unknown()).min(1).max(MAX_GATEWAY_BATCH),
});
export type GatewayBatchBody = z.infer<typeof GatewayBatchBody>;

/** One result per item, in request order: accepted (202) or why not (400 bad item, 404 unknown VIN, 429). */
export const GatewayItemResult = z.union([
  HeartbeatAccepted.extend({ index: z.number().int(), vin: Vin, status: z.literal(202) }),
  z.object({
    index: z.number().int(),
    vin: z.string().optional(),
    status: z.number().int(),
    title: z.string(),
    detail: z.string(),
  }),
]);
export const GatewayBatchResult = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(GatewayItemResult),
});
export type GatewayBatchResult = z.infer<typeof GatewayBatchResult>;

// ---- admin: customers ----
export const CreateCustomerBody = z.object({
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500).default(''),
});
export const UpdateCustomerBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    address: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.name !== undefined || b.address !== undefined, 'give name, address or both');
export const OfflineTimeoutBody = z.object({
  timeoutSeconds: TimeoutSeconds.nullable().describe('null returns to the inherited timeout'),
});
export const AdminCustomer = z.object({
  customerId: CustomerId,
  name: z.string(),
  address: z.string(),
  timeoutSeconds: TimeoutSeconds.nullable(),
  vehicleCount: z.number().int(),
  registeredAt: IsoDateTime,
});
export type AdminCustomer = z.infer<typeof AdminCustomer>;

// ---- admin: vehicles ----
export const CreateVehicleBody = z.object({ vin: Vin, regNo: RegNo, customerId: CustomerId });
export const TransferVehicleBody = z.object({ customerId: CustomerId });
export const RetireVehicleBody = z.object({ reason: z.string().max(500).optional() });
export const AdminVehicle = z.object({
  vin: Vin,
  regNo: z.string(),
  customerId: CustomerId,
  timeoutSeconds: TimeoutSeconds.nullable(),
  retiredAt: IsoDateTime.nullable(),
  registeredAt: IsoDateTime,
});
export type AdminVehicle = z.infer<typeof AdminVehicle>;
/** The device token is in this answer only (registration, rotation): only its sha256 is stored. */
export const IssuedVehicleToken = AdminVehicle.extend({ token: z.string() });

// ---- admin: gateways ----
export const CreateGatewayBody = z.object({ name: z.string().trim().min(1).max(200) });
export const AdminGateway = z.object({
  gatewayId: GatewayId,
  name: z.string(),
  registeredAt: IsoDateTime,
});
export const IssuedGatewayToken = AdminGateway.extend({ token: z.string() });

// ---- fleet import ----
/** What an import did, item by item. Tokens of created vehicles appear here once. */
export const FleetImportReport = z.object({
  customers: z.object({
    created: z.array(z.object({ customerId: CustomerId, name: z.string() })),
    existing: z.array(z.object({ customerId: CustomerId, name: z.string() })),
    rejected: z.array(z.object({ path: z.string(), name: z.unknown(), reason: z.string() })),
  }),
  vehicles: z.object({
    created: z.array(z.object({ vin: Vin, regNo: z.string(), customerId: CustomerId, token: z.string() })),
    existing: z.array(z.object({ vin: Vin, regNo: z.string(), customerId: CustomerId })),
    rejected: z.array(z.object({ path: z.string(), vin: z.unknown(), reason: z.string() })),
  }),
});
export type FleetImportReport = z.infer<typeof FleetImportReport>;
