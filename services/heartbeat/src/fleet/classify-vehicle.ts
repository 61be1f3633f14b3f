import type { VehicleState } from '../domain/registry';

export interface VehicleItem {
  path: string;
  vin: string;
  regNo: string;
}

export type VehicleOutcome = { kind: 'create' } | { kind: 'existing' } | { kind: 'rejected'; reason: string };

/** What importing one vehicle under `customerId` means, given what the registry holds for its VIN. */
export function classifyVehicle(
  item: VehicleItem,
  current: VehicleState | null,
  customerId: string,
): VehicleOutcome {
  if (!current) return { kind: 'create' };
  if (current.retiredAt) return { kind: 'rejected', reason: `VIN ${item.vin} belongs to a retired vehicle` };
  if (current.customerId !== customerId)
    return {
      kind: 'rejected',
      reason: `VIN ${item.vin} is registered to another customer (${current.customerId})`,
    };
  if (current.regNo !== item.regNo)
    return {
      kind: 'rejected',
      reason: `VIN ${item.vin} is registered with regNo ${current.regNo}, not ${item.regNo}`,
    };
  return { kind: 'existing' };
}
