import type { SimulatedVehicle } from './simulator';

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** Valid, distinct VINs for simulated vehicle `i` of a run (prefix "SMV"; VINs have no I, O or Q). */
export function simulatedVin(run: string, i: number): string {
  let n = i;
  let tail = '';
  for (let k = 0; k < 8; k++) {
    tail = VIN_CHARS[n % VIN_CHARS.length] + tail;
    n = Math.floor(n / VIN_CHARS.length);
  }
  return `SMV${run}${tail}`.slice(0, 17).padEnd(17, '0');
}

/**
 * Registers `count` vehicles over `customers` customers through the admin import API, in chunks, and returns
 * them with the device tokens the API shows once.
 */
export async function registerFleet(opts: {
  url: string;
  adminToken: string;
  count: number;
  customers: number;
  run: string;
  log: (line: string) => void;
  tokensIn: (value: unknown) => Record<string, string>;
}): Promise<SimulatedVehicle[]> {
  const vehicles: SimulatedVehicle[] = [];
  const chunk = 1000;
  for (let start = 0; start < opts.count; start += chunk) {
    const size = Math.min(chunk, opts.count - start);
    const customers = new Map<
      number,
      { name: string; address: string; vehicles: { vin: string; regNo: string }[] }
    >();
    for (let i = start; i < start + size; i++) {
      const c = i % opts.customers;
      const customer = customers.get(c) ?? {
        name: `Simulated Haulage ${c + 1}`,
        address: `Testgatan ${c + 1}`,
        vehicles: [],
      };
      customer.vehicles.push({ vin: simulatedVin(opts.run, i), regNo: `SIM${i}`.slice(0, 16) });
      customers.set(c, customer);
    }
    const res = await fetch(`${opts.url}/api/v1/admin/fleet/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${opts.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customers: [...customers.values()] }),
    });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) throw new Error(`import failed: HTTP ${res.status} ${JSON.stringify(body)}`);
    const tokens = opts.tokensIn(body);
    for (const [vin, token] of Object.entries(tokens)) vehicles.push({ vin, token });
    const rejected = (body as { vehicles?: { rejected?: { reason: string }[] } }).vehicles?.rejected ?? [];
    if (rejected.length) throw new Error(`${rejected.length} vehicles rejected, e.g. ${rejected[0]!.reason}`);
    opts.log(`registered ${Math.min(start + size, opts.count)}/${opts.count}`);
  }
  return vehicles;
}
