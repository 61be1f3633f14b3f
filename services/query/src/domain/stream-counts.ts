import type { CountsEventData } from '@vehicle-tracker/contracts';

export interface CustomerCounter {
  id: string;
  online: number;
  offline: number;
  vehicleCount: number;
}

/** The `counts` event: the whole fleet, or (for a stream filtered by customer) that customer alone. */
export function countsEvent(customers: CustomerCounter[], customerId?: string): CountsEventData {
  const scope = customerId === undefined ? customers : customers.filter((c) => c.id === customerId);
  let online = 0;
  let offline = 0;
  let total = 0;
  for (const c of scope) {
    online += c.online;
    offline += c.offline;
    total += c.vehicleCount;
  }
  return { online, offline, total, customers: scope };
}
