import type { VehicleTrackerEvent } from '@vehicle-tracker/contracts';

/** The rows a batch of events needs loaded before the fold. */
export interface BatchKeys {
  vins: string[];
  /** Customers named by an event; their active vehicles are loaded too when the event changes them all. */
  customerIds: string[];
  /** Customers whose every active vehicle the batch touches (rename, timeout change). */
  fleetsOf: string[];
}

/** The keys of `events` and of the heartbeats of `heartbeatVins` (the fast path: vins only, null for none). */
export function keysOf(
  events: Iterable<VehicleTrackerEvent>,
  heartbeatVins: readonly (string | null)[] = [],
): BatchKeys {
  const vins = new Set<string>();
  for (const vin of heartbeatVins) if (vin !== null) vins.add(vin);
  const customerIds = new Set<string>();
  const fleetsOf = new Set<string>();
  for (const e of events) {
    switch (e.type) {
      case 'CustomerRegistered':
        customerIds.add(e.data.customerId);
        break;
      case 'CustomerUpdated':
      case 'CustomerOfflineTimeoutSet':
        customerIds.add(e.data.customerId);
        fleetsOf.add(e.data.customerId);
        break;
      case 'VehicleRegistered':
        vins.add(e.data.vin);
        customerIds.add(e.data.customerId);
        break;
      case 'VehicleTransferred':
        vins.add(e.data.vin);
        customerIds.add(e.data.fromCustomerId);
        customerIds.add(e.data.toCustomerId);
        break;
      case 'HeartbeatRecorded':
      case 'VehicleRetired':
      case 'VehicleOfflineTimeoutSet':
        vins.add(e.data.vin);
        break;
      case 'VehicleTokenRotated':
      case 'GatewayRegistered':
      case 'GatewayTokenRotated':
        break;
      default: {
        const _exhaustive: never = e;
        return _exhaustive;
      }
    }
  }
  return { vins: [...vins], customerIds: [...customerIds], fleetsOf: [...fleetsOf] };
}
