import { readFileSync } from 'node:fs';
import path from 'node:path';
export { simulatedVin as testVin } from '@vehicle-tracker/simulator';

interface FleetFile {
  customers: { name: string; address: string; vehicles: { vin: string; regNo: string }[] }[];
}

export const referenceFleet = JSON.parse(
  readFileSync(path.resolve(__dirname, '..', '..', '..', 'fixtures', 'seed-fleet.json'), 'utf8'),
) as FleetFile;

export const vehiclesOf = (customerPrefix: string) =>
  referenceFleet.customers.find((c) => c.name.startsWith(customerPrefix))!.vehicles.map((v) => v.vin);

/** Sends a heartbeat for each vehicle every `everyMs` until stopped: keeps them online under a short timeout. */
export function keepOnline(send: (vin: string) => Promise<Response>, vins: string[], everyMs = 1000) {
  const active = new Set(vins);
  const beat = () => Promise.all([...active].map((vin) => send(vin).then((r) => r.arrayBuffer())));
  const timer = setInterval(() => void beat(), everyMs);
  return {
    first: beat(),
    release: (vin: string) => active.delete(vin),
    stop: () => clearInterval(timer),
  };
}
