import { randomUUID } from 'node:crypto';
import type { VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import type { Logged } from './memory-model';

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const metadata = { schemaVersion: 1 };

export function randomVin(): string {
  return Array.from({ length: 17 }, () => VIN_CHARS[Math.floor(Math.random() * VIN_CHARS.length)]).join('');
}

export const at = (iso: string) => new Date(iso);
const log = (event: VehicleTrackerEvent, recordedAt: Date | string): Logged => ({
  event,
  recordedAt: typeof recordedAt === 'string' ? new Date(recordedAt) : recordedAt,
});

export function customerRegistered(
  recordedAt: Date | string,
  overrides: { customerId?: string; name?: string } = {},
) {
  return log(
    {
      type: 'CustomerRegistered',
      data: {
        customerId: overrides.customerId ?? randomUUID(),
        name: overrides.name ?? 'Acme Logistics',
        address: 'Main St 1',
      },
      metadata,
    },
    recordedAt,
  );
}

export function customerUpdated(recordedAt: Date | string, customerId: string, name: string) {
  return log(
    { type: 'CustomerUpdated', data: { customerId, name, address: 'Elsewhere 2' }, metadata },
    recordedAt,
  );
}

export function customerTimeoutSet(
  recordedAt: Date | string,
  customerId: string,
  timeoutSeconds: number | null,
) {
  return log(
    { type: 'CustomerOfflineTimeoutSet', data: { customerId, timeoutSeconds }, metadata },
    recordedAt,
  );
}

export function vehicleRegistered(
  recordedAt: Date | string,
  customerId: string,
  overrides: { vin?: string; regNo?: string } = {},
) {
  return log(
    {
      type: 'VehicleRegistered',
      data: {
        vin: overrides.vin ?? randomVin(),
        regNo: overrides.regNo ?? 'AB-123',
        customerId,
        tokenHash: 'a'.repeat(64),
      },
      metadata,
    },
    recordedAt,
  );
}

export function vehicleTimeoutSet(recordedAt: Date | string, vin: string, timeoutSeconds: number | null) {
  return log({ type: 'VehicleOfflineTimeoutSet', data: { vin, timeoutSeconds }, metadata }, recordedAt);
}

export function vehicleTransferred(
  recordedAt: Date | string,
  vin: string,
  fromCustomerId: string,
  toCustomerId: string,
) {
  return log(
    { type: 'VehicleTransferred', data: { vin, fromCustomerId, toCustomerId }, metadata },
    recordedAt,
  );
}

export function vehicleRetired(recordedAt: Date | string, vin: string) {
  return log({ type: 'VehicleRetired', data: { vin }, metadata }, recordedAt);
}

/** A heartbeat received at `receivedAt`; it reaches the log (recordedAt) a few milliseconds later unless told. */
export function heartbeat(
  vin: string,
  receivedAt: Date | string,
  opts: { sentAt?: string; recordedAt?: Date } = {},
) {
  const received = typeof receivedAt === 'string' ? new Date(receivedAt) : receivedAt;
  return log(
    {
      type: 'HeartbeatRecorded',
      data: { vin, receivedAt: received.toISOString(), ...(opts.sentAt ? { sentAt: opts.sentAt } : {}) },
      metadata,
    },
    opts.recordedAt ?? new Date(received.getTime() + 5),
  );
}
