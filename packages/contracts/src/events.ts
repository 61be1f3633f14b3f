import { z } from 'zod';
import { CustomerId, GatewayId, IsoDateTime, RegNo, TimeoutSeconds, TokenHash, Vin } from './primitives';

/** Correlation and provenance carried with every event. */
export const EventMetadata = z.object({
  correlationId: z.string().optional(),
  source: z.string().optional(),
  schemaVersion: z.number().int().positive().default(1),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

const event = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), data, metadata: EventMetadata });

export const CustomerRegistered = event(
  'CustomerRegistered',
  z.object({ customerId: CustomerId, name: z.string().min(1).max(200), address: z.string().max(500) }),
);
export const CustomerUpdated = event(
  'CustomerUpdated',
  z.object({ customerId: CustomerId, name: z.string().min(1).max(200), address: z.string().max(500) }),
);
/** Per-customer offline timeout; null returns to the system default (OFFLINE_AFTER). */
export const CustomerOfflineTimeoutSet = event(
  'CustomerOfflineTimeoutSet',
  z.object({ customerId: CustomerId, timeoutSeconds: TimeoutSeconds.nullable() }),
);
export const VehicleRegistered = event(
  'VehicleRegistered',
  z.object({ vin: Vin, regNo: RegNo, customerId: CustomerId, tokenHash: TokenHash }),
);
export const VehicleTransferred = event(
  'VehicleTransferred',
  z.object({ vin: Vin, fromCustomerId: CustomerId, toCustomerId: CustomerId }),
);
export const VehicleRetired = event(
  'VehicleRetired',
  z.object({ vin: Vin, reason: z.string().max(500).optional() }),
);
export const VehicleTokenRotated = event('VehicleTokenRotated', z.object({ vin: Vin, tokenHash: TokenHash }));
/** Per-vehicle offline timeout; null falls back to the customer's, then the system default. */
export const VehicleOfflineTimeoutSet = event(
  'VehicleOfflineTimeoutSet',
  z.object({ vin: Vin, timeoutSeconds: TimeoutSeconds.nullable() }),
);
export const GatewayRegistered = event(
  'GatewayRegistered',
  z.object({ gatewayId: GatewayId, name: z.string().min(1).max(200), tokenHash: TokenHash }),
);
export const GatewayTokenRotated = event(
  'GatewayTokenRotated',
  z.object({ gatewayId: GatewayId, tokenHash: TokenHash }),
);

/**
 * A heartbeat as received. receivedAt (server clock) is authoritative for connectivity; the device's own
 * sentAt, sequence and firmware are kept as reported.
 */
export const HeartbeatRecorded = event(
  'HeartbeatRecorded',
  z.object({
    vin: Vin,
    receivedAt: IsoDateTime,
    sentAt: IsoDateTime.optional(),
    sequence: z.number().int().nonnegative().optional(),
    firmware: z.string().max(64).optional(),
    gatewayId: GatewayId.optional(),
  }),
);

export const VehicleTrackerEvent = z.discriminatedUnion('type', [
  CustomerRegistered,
  CustomerUpdated,
  CustomerOfflineTimeoutSet,
  VehicleRegistered,
  VehicleTransferred,
  VehicleRetired,
  VehicleTokenRotated,
  VehicleOfflineTimeoutSet,
  GatewayRegistered,
  GatewayTokenRotated,
  HeartbeatRecorded,
]);
export type VehicleTrackerEvent = z.infer<typeof VehicleTrackerEvent>;
export type EventType = VehicleTrackerEvent['type'];
export type EventOf<T extends EventType> = Extract<VehicleTrackerEvent, { type: T }>;

/** Stream ids: one stream per aggregate. */
export const streams = {
  customer: (customerId: string) => `customer-${customerId}`,
  vehicle: (vin: string) => `vehicle-${vin}`,
  gateway: (gatewayId: string) => `gateway-${gatewayId}`,
} as const;
