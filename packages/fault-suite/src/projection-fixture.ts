import type { Queryable } from '@vehicle-tracker/event-store';
import { vehicleTimeoutSet } from '../../../services/projector/src/test-support/builders';
import { fleetLog } from '../../../services/projector/src/test-support/fleet-log';
import { append } from '../../../services/projector/src/test-support/harness';

/**
 * A small fleet's history (the projector specs' fleetLog: customers, two hours of heartbeats with gaps, registry
 * changes, one retirement) plus five vehicles given a 2 s timeout, so they flip while the projector is killed.
 * Answers the active vehicles: `steady` (60 s timeout) and `flappy`.
 */
export async function seedFleet(db: Queryable, vehicles = 30, heartbeats = 30) {
  const { log, vins } = fleetLog(vehicles, heartbeats);
  await append(db, log);
  const active = vins.filter((_, i) => i !== 3); // fleetLog retires the fourth vehicle
  const flappy = active.slice(-5);
  await append(
    db,
    flappy.map((vin) => vehicleTimeoutSet(new Date(), vin, 2)),
  );
  return { steady: active.slice(0, -5), flappy };
}
