import { randomUUID } from 'node:crypto';
import type { Logged } from './memory-model';
import {
  customerRegistered,
  customerTimeoutSet,
  customerUpdated,
  heartbeat,
  randomVin,
  vehicleRegistered,
  vehicleRetired,
  vehicleTimeoutSet,
  vehicleTransferred,
} from './builders';

/**
 * A small fleet's log: customers, vehicles, heartbeats received over the last two hours with gaps longer than
 * the timeout now and then, and registry changes in between (timeouts, a transfer, a rename, a retirement).
 */
export function fleetLog(vehicles = 30, heartbeatsPerVehicle = 100) {
  const now = Date.now();
  const customers = [randomUUID(), randomUUID(), randomUUID()];
  const vins = Array.from({ length: vehicles }, () => randomVin());
  const registry: Logged[] = [
    ...customers.map((customerId, i) =>
      customerRegistered(new Date(), { customerId, name: `Customer ${i} ${customerId}` }),
    ),
    ...vins.map((vin, i) => vehicleRegistered(new Date(), customers[i % 3]!, { vin })),
  ];
  const beats: Logged[] = [];
  vins.forEach((vin, v) => {
    let at = now - 2 * 3600_000 + v * 1000;
    for (let i = 0; i < heartbeatsPerVehicle; i++) {
      at += Math.random() < 0.1 ? 90_000 + Math.random() * 60_000 : 5_000 + Math.random() * 40_000;
      beats.push(heartbeat(vin, new Date(Math.min(at, now - 1000))));
    }
  });
  beats.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  // A little commit-order jitter: neighbours swapped now and then.
  for (let i = 1; i < beats.length; i += 7) [beats[i - 1], beats[i]] = [beats[i]!, beats[i - 1]!];
  const changes: Logged[] = [
    vehicleTimeoutSet(new Date(), vins[0]!, 20),
    customerTimeoutSet(new Date(), customers[1]!, 120),
    vehicleTransferred(new Date(), vins[2]!, customers[2]!, customers[0]!),
    customerUpdated(new Date(), customers[0]!, `Renamed Åkeri ${customers[0]}`),
    vehicleRetired(new Date(), vins[3]!),
    vehicleTimeoutSet(new Date(), vins[0]!, null),
  ];
  const third = Math.floor(beats.length / 3);
  const log = [
    ...registry,
    ...beats.slice(0, third),
    ...changes.slice(0, 3),
    ...beats.slice(third, 2 * third),
    ...changes.slice(3),
    ...beats.slice(2 * third),
  ];
  return { log, customers, vins };
}
