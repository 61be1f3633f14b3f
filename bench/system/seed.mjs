// Registers a fleet the fast way that is still the system's own: CustomerRegistered and VehicleRegistered events
// appended through the event store in batches (stream must not exist, as the service's import checks), each
// batch in one transaction with its rows of the heartbeat service's write-side tables (what the service's
// appendRegistryEvents does, set-based instead of one INSERT per vehicle). The projector builds the read models
// from the log, as it would after an import. Device tokens go to a file for the simulator, never to memory.
// Not the service's fleet import (POST /api/v1/admin/fleet/import, npm run fleet:import): it decides vehicle by
// vehicle and writes the write side one INSERT per vehicle; measured side by side on the same (loaded) machine it
// registered ~600 vehicles/s against ~2,500-4,800 here, half an hour for the million. The fleet is not what this
// bench measures.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { appendEvents } from '@vehicle-tracker/event-store';
import { simulatedVin } from '@vehicle-tracker/simulator';

const BATCH = 5_000;
const IN_FLIGHT = 2;
const metadata = { correlationId: 'bench-system-seed', source: 'import', schemaVersion: 1 };

async function inTransaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Registers customers named `${prefix} 1..count`; returns their ids. */
export async function registerCustomers(pool, prefix, count) {
  const ids = Array.from({ length: count }, () => randomUUID());
  const names = ids.map((_, k) => `${prefix} ${k + 1}`);
  await inTransaction(pool, async (client) => {
    await appendEvents(
      client,
      ids.map((customerId, k) => ({
        streamId: `customer-${customerId}`,
        type: 'CustomerRegistered',
        data: { customerId, name: names[k], address: `Testgatan ${k + 1}` },
        metadata,
      })),
      { expected: Object.fromEntries(ids.map((id) => [`customer-${id}`, 0])) },
    );
    await client.query(
      `INSERT INTO write_customers (customer_id, name, address, registered_at)
       SELECT id, name, 'Testgatan ' || ord, now() FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS t(id, name, ord)`,
      [ids, names],
    );
  });
  return ids;
}

function vehicleBatch(run, from, size, customerIds) {
  const vehicles = [];
  // One call to the random source per batch, not per vehicle: the same 32 random bytes per token (issueToken's).
  const random = randomBytes(32 * size);
  for (let i = from; i < from + size; i++) {
    const token = random.toString('base64url', 32 * (i - from), 32 * (i - from + 1));
    vehicles.push({
      vin: simulatedVin(run, i),
      regNo: `BEN ${i}`,
      customerId: customerIds[i % customerIds.length],
      token,
      tokenHash: createHash('sha256').update(token).digest('hex'),
    });
  }
  return vehicles;
}

async function registerBatch(pool, vehicles) {
  await inTransaction(pool, async (client) => {
    await appendEvents(
      client,
      vehicles.map((v) => ({
        streamId: `vehicle-${v.vin}`,
        type: 'VehicleRegistered',
        data: { vin: v.vin, regNo: v.regNo, customerId: v.customerId, tokenHash: v.tokenHash },
        metadata,
      })),
      { expected: Object.fromEntries(vehicles.map((v) => [`vehicle-${v.vin}`, 0])) },
    );
    await client.query(
      `INSERT INTO write_vehicles (vin, reg_no, customer_id, token_hash, registered_at)
       SELECT vin, reg_no, customer_id, token_hash, now()
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS t(vin, reg_no, customer_id, token_hash)`,
      [
        vehicles.map((v) => v.vin),
        vehicles.map((v) => v.regNo),
        vehicles.map((v) => v.customerId),
        vehicles.map((v) => v.tokenHash),
      ],
    );
  });
}

/**
 * Registers `count` vehicles (VINs of simulator run `run`) spread over `customerIds`, `IN_FLIGHT` batches at a
 * time. With `tokensFile`, writes {vin: token} there (the simulator's --tokens format) and returns nothing;
 * without, returns the vehicles with their tokens (for a small fleet the bench drives itself).
 */
export async function registerVehicles(pool, { run, count, customerIds, tokensFile, onProgress }) {
  const out = tokensFile ? createWriteStream(tokensFile, { mode: 0o600 }) : undefined;
  const kept = [];
  out?.write('{\n');
  let next = 0;
  let done = 0;
  let first = true;
  const worker = async () => {
    while (next < count) {
      const from = next;
      const size = Math.min(BATCH, count - from);
      next += size;
      const vehicles = vehicleBatch(run, from, size, customerIds);
      await registerBatch(pool, vehicles);
      if (out) {
        const lines = vehicles.map((v) => `"${v.vin}":"${v.token}"`).join(',\n');
        out.write(`${first ? '' : ',\n'}${lines}`);
        first = false;
      } else kept.push(...vehicles);
      done += size;
      onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  if (out) await new Promise((resolve, reject) => out.end('\n}\n', (err) => (err ? reject(err) : resolve())));
  return out ? undefined : kept;
}
