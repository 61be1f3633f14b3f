import { HttpError, type EventOf, type EventType } from './deps';

/** A registry event before it is appended (metadata is added by the command runner). */
export type RegistryEventType = Exclude<EventType, 'HeartbeatRecorded'>;
/** A registry event's type and data: what the write-side tables are built from. */
export type RegistryChange = {
  [T in RegistryEventType]: { type: T; data: EventOf<T>['data'] };
}[RegistryEventType];
export type RegistryEvent = RegistryChange & { streamId: string };

/**
 * What a command decided: the events to append and the stream positions they were decided on. An empty
 * decision is a no-op (the command asked for the state that already holds).
 */
export interface Decision {
  events: RegistryEvent[];
  expected: Record<string, number>;
}

/** State of the write side, as loaded with the stream position it corresponds to. */
export interface CustomerState {
  customerId: string;
  name: string;
  address: string;
  timeoutSeconds: number | null;
  position: number;
}

export interface VehicleState {
  vin: string;
  regNo: string;
  customerId: string;
  tokenHash: string;
  timeoutSeconds: number | null;
  retiredAt: Date | null;
  position: number;
}

export interface GatewayState {
  gatewayId: string;
  name: string;
  tokenHash: string;
  position: number;
}

/** A body that names something that does not exist (the path resource exists, the request cannot apply). */
export const unprocessable = (detail: string) => new HttpError(422, 'Unprocessable Content', detail);

export const noChange = (): Decision => ({ events: [], expected: {} });
