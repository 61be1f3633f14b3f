import type { FleetCounts, VehicleStatus } from '@vehicle-tracker/contracts';
import { foldName } from './search-text';

/** A customer with the projector's counters of its live vehicles. */
export interface CustomerTally {
  id: string;
  name: string;
  vehicleCount: number;
  online: number;
}

/** A live vehicle whose search text matches, found through its VIN/registration-number head. */
export interface HeadMatch {
  vin: string;
  customerId: string;
  status: VehicleStatus;
}

/**
 * The vehicles a text search selects, without counting them: every live vehicle of `customerIds` (their names
 * contain the needle) and the `vins` matched through their VIN or registration number (of other customers).
 */
export interface ResolvedSearch {
  customerIds: string[];
  vins: string[];
  counts: FleetCounts;
}

/**
 * Splits the matches of `needle` into whole customers and single vehicles. A vehicle's search text is
 * 'vin regno name', so it matches exactly when its customer's name contains the needle or the match starts in the
 * head (`headMatches`, every such vehicle under the same customer filter). Counts come from the customers'
 * counters plus the single vehicles.
 */
export function resolveSearch(
  needle: string,
  customers: CustomerTally[],
  headMatches: HeadMatch[],
  customerId?: string,
): ResolvedSearch {
  const named = customers.filter(
    (c) => (customerId === undefined || c.id === customerId) && foldName(c.name).includes(needle),
  );
  const namedIds = new Set(named.map((c) => c.id));
  const single = headMatches.filter((v) => !namedIds.has(v.customerId));
  let online = single.filter((v) => v.status === 'online').length;
  let total = single.length;
  for (const c of named) {
    online += c.online;
    total += c.vehicleCount;
  }
  return {
    customerIds: [...namedIds],
    vins: single.map((v) => v.vin),
    counts: { online, offline: total - online, total },
  };
}
