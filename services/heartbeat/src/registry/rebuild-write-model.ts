import type { Pool } from 'pg';
import { VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import { applyToWriteModel, readRegistryEvents, truncateWriteModel } from '../db/write-model';

/**
 * Rebuilds the write-side tables from the log alone, in one transaction (readers see the old tables until it
 * commits). For recovery or after a change to those tables; heartbeats are skipped, registry events replayed in
 * log order. Returns how many events were applied.
 */
export async function rebuildWriteModel(pool: Pool, pageSize = 5000): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Registry commands wait meanwhile instead of appending events the replay could miss.
    await client.query('LOCK TABLE write_customers, write_vehicles, write_gateways IN EXCLUSIVE MODE');
    await truncateWriteModel(client);
    let applied = 0;
    for (let after = 0; ;) {
      const page = await readRegistryEvents(client, after, pageSize);
      if (page.length === 0) break;
      for (const row of page) {
        const event = VehicleTrackerEvent.parse({ type: row.type, data: row.data, metadata: {} });
        if (event.type !== 'HeartbeatRecorded') await applyToWriteModel(client, event, row.recordedAt);
        applied++;
      }
      after = page[page.length - 1]!.globalPosition;
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
