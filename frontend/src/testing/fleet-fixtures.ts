import { CustomerSummary, VehicleCounts, VehiclePage, VehicleSummary } from '../app/api/api-types';

// The reference fleet (shared/fixtures/seed-fleet.json), with statuses, as specs see it.

export const NOW = Date.parse('2026-11-20T12:00:00.000Z');
export const ago = (seconds: number) => new Date(NOW - seconds * 1_000).toISOString();

export const KALLES = {
  id: 'c-kalles',
  name: 'Kalles Grustransporter AB',
  address: 'Cementvägen 8, 111 11 Södertälje',
};
export const JOHANS = { id: 'c-johans', name: 'Johans Bulk AB', address: 'Balkvägen 12, 222 22 Stockholm' };
export const HARALDS = {
  id: 'c-haralds',
  name: 'Haralds Värdetransporter AB',
  address: 'Budgetvägen 1, 333 33 Uppsala',
};

function vehicle(
  vin: string,
  regNo: string,
  customer: typeof KALLES,
  status: VehicleSummary['status'],
  lastSeenSecondsAgo: number | null,
): VehicleSummary {
  return {
    vin,
    regNo,
    customer,
    status,
    lastSeenAt: lastSeenSecondsAgo === null ? null : ago(lastSeenSecondsAgo),
    statusSince: status === 'never-seen' ? null : ago(3_600),
    offlineTimeoutSeconds: 300,
  };
}

export const VEHICLES: VehicleSummary[] = [
  vehicle('YS2R4X20005399401', 'ABC123', KALLES, 'online', 12),
  vehicle('VLUR4X20009093588', 'DEF456', KALLES, 'online', 30),
  vehicle('VLUR4X20009048066', 'GHI789', KALLES, 'offline', 7_200),
  vehicle('YS2R4X20005388011', 'JKL012', JOHANS, 'online', 5),
  vehicle('YS2R4X20005387949', 'MNO345', JOHANS, 'never-seen', null),
  vehicle('YS2R4X20005387765', 'PQR678', HARALDS, 'online', 40),
  vehicle('YS2R4X20005387055', 'STU901', HARALDS, 'offline', 90_000),
];

export function countsOf(vehicles: VehicleSummary[]): VehicleCounts {
  const online = vehicles.filter((v) => v.status === 'online').length;
  return { online, offline: vehicles.length - online, total: vehicles.length };
}

export function pageOf(items: VehicleSummary[] = VEHICLES, extra: Partial<VehiclePage> = {}): VehiclePage {
  return { items, total: items.length, counts: countsOf(items), page: 1, pageSize: 50, ...extra };
}

export const CUSTOMERS: CustomerSummary[] = [KALLES, JOHANS, HARALDS].map((customer) => {
  const mine = VEHICLES.filter((v) => v.customer.id === customer.id);
  const { online, offline, total } = countsOf(mine);
  return { ...customer, vehicleCount: total, online, offline };
});
