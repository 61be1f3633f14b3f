import type { Queryable } from '@vehicle-tracker/event-store';
import type { RegistryChange } from '../domain/registry';

/**
 * Applies one registry event to the write-side tables. Called in the transaction of the append (so the tables
 * never disagree with the log) and by the rebuild, which replays the log through it.
 */
export async function applyToWriteModel(
  db: Queryable,
  event: RegistryChange,
  recordedAt: Date,
): Promise<void> {
  switch (event.type) {
    case 'CustomerRegistered': {
      const d = event.data;
      await db.query(
        `INSERT INTO write_customers (customer_id, name, address, registered_at) VALUES ($1, $2, $3, $4)`,
        [d.customerId, d.name, d.address, recordedAt],
      );
      return;
    }
    case 'CustomerUpdated':
      await db.query('UPDATE write_customers SET name = $2, address = $3 WHERE customer_id = $1', [
        event.data.customerId,
        event.data.name,
        event.data.address,
      ]);
      return;
    case 'CustomerOfflineTimeoutSet':
      await db.query('UPDATE write_customers SET timeout_seconds = $2 WHERE customer_id = $1', [
        event.data.customerId,
        event.data.timeoutSeconds,
      ]);
      return;
    case 'VehicleRegistered': {
      const d = event.data;
      await db.query(
        `INSERT INTO write_vehicles (vin, reg_no, customer_id, token_hash, registered_at) VALUES ($1, $2, $3, $4, $5)`,
        [d.vin, d.regNo, d.customerId, d.tokenHash, recordedAt],
      );
      return;
    }
    case 'VehicleTransferred':
      await db.query('UPDATE write_vehicles SET customer_id = $2 WHERE vin = $1', [
        event.data.vin,
        event.data.toCustomerId,
      ]);
      return;
    case 'VehicleRetired':
      await db.query('UPDATE write_vehicles SET retired_at = $2 WHERE vin = $1', [
        event.data.vin,
        recordedAt,
      ]);
      return;
    case 'VehicleTokenRotated':
      await db.query('UPDATE write_vehicles SET token_hash = $2 WHERE vin = $1', [
        event.data.vin,
        event.data.tokenHash,
      ]);
      return;
    case 'VehicleOfflineTimeoutSet':
      await db.query('UPDATE write_vehicles SET timeout_seconds = $2 WHERE vin = $1', [
        event.data.vin,
        event.data.timeoutSeconds,
      ]);
      return;
    case 'GatewayRegistered': {
      const d = event.data;
      await db.query(
        'INSERT INTO write_gateways (gateway_id, name, token_hash, registered_at) VALUES ($1, $2, $3, $4)',
        [d.gatewayId, d.name, d.tokenHash, recordedAt],
      );
      return;
    }
    case 'GatewayTokenRotated':
      await db.query('UPDATE write_gateways SET token_hash = $2 WHERE gateway_id = $1', [
        event.data.gatewayId,
        event.data.tokenHash,
      ]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** Registry events of the log in commit order, for a rebuild of the write-side tables. */
export async function readRegistryEvents(
  db: Queryable,
  afterPosition: number,
  limit: number,
): Promise<{ globalPosition: number; type: string; data: unknown; recordedAt: Date }[]> {
  const { rows } = await db.query<{
    global_position: number;
    type: string;
    data: unknown;
    recorded_at: Date;
  }>(
    `SELECT global_position, type, data, recorded_at FROM events
     WHERE type <> 'HeartbeatRecorded' AND global_position > $1 ORDER BY global_position LIMIT $2`,
    [afterPosition, limit],
  );
  return rows.map((r) => ({
    globalPosition: Number(r.global_position),
    type: r.type,
    data: r.data,
    recordedAt: r.recorded_at,
  }));
}

/** Empties the write-side tables (the rebuild refills them from the log in the same transaction). */
export async function truncateWriteModel(db: Queryable): Promise<void> {
  await db.query('TRUNCATE write_vehicles, write_gateways, write_customers');
}
