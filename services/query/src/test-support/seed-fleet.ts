import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Queryable } from '@vehicle-tracker/service-kit';
import { insertCustomer, insertVehicle, type TestVehicle } from './builders';

interface SeedFile {
  customers: { name: string; address: string; vehicles: { vin: string; regNo: string }[] }[];
}

const FILE = path.join(__dirname, '..', '..', '..', '..', 'fixtures', 'seed-fleet.json');

/**
 * The reference fleet (fixtures/seed-fleet.json) as read-model rows; `statuses` sets some vehicles' state by VIN
 * (default: never seen).
 */
export async function insertSeedFleet(
  db: Queryable,
  statuses: Record<string, Partial<TestVehicle>> = {},
): Promise<{ customers: Record<string, string>; vehicles: TestVehicle[] }> {
  const seed = JSON.parse(readFileSync(FILE, 'utf8')) as SeedFile;
  const customers: Record<string, string> = {};
  const vehicles: TestVehicle[] = [];
  for (const c of seed.customers) {
    const { customerId } = await insertCustomer(db, { name: c.name, address: c.address });
    customers[c.name] = customerId;
    for (const v of c.vehicles)
      vehicles.push(
        await insertVehicle(db, {
          customerId,
          customerName: c.name,
          vin: v.vin,
          regNo: v.regNo,
          ...statuses[v.vin],
        }),
      );
  }
  return { customers, vehicles };
}
