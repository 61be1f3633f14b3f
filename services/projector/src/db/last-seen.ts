import type { LastSeenWrites } from '../domain/batch';
import { boolArray, ms, msToTime, numberArray, textArray } from './arrays';
import { schemaName } from './schema';
import type { Statement } from './statement';

/**
 * rm.vehicle_last_seen (migration 0013): the active vehicles' order by last heartbeat, which rm.vehicles may not
 * index (0006). Written in the batch's transaction, after rm.vehicles, so that the query service's one-statement
 * page reads both alike. One statement for the batch: rows registered or changed (an upsert, so a registration
 * and a heartbeat are the same path) and, only when the batch retired vehicles, their rows deleted first in a CTE.
 * Null when the batch changed no row of the table (say, renames and timeout changes only).
 *
 * Each upsert of an existing row is one primary-key probe and a non-HOT update (a new row version, an entry in
 * each of the two indexes). `ON CONFLICT` rather than `UPDATE ... FROM unnest()`: the planner cannot hash-join
 * the array and scan the whole table (see db/vehicles.ts), every row is a probe.
 */
export function lastSeenWrite(schema: string, w: LastSeenWrites): Statement | null {
  const table = `${schemaName(schema)}.vehicle_last_seen`;
  const remove = (param: number) => `DELETE FROM ${table} WHERE vin = ANY($${param}::text[])`;
  if (w.upsert.length === 0)
    return w.remove.length === 0 ? null : { text: remove(1), values: [textArray(w.remove)] };
  const vins: string[] = [];
  const online: boolean[] = [];
  const last: (number | null)[] = [];
  for (const v of w.upsert) {
    vins.push(v.vin);
    online.push(v.status === 'online');
    last.push(ms(v.lastHeartbeatAt));
  }
  const values: unknown[] = [textArray(vins), boolArray(online), numberArray(last)];
  if (w.remove.length > 0) values.push(textArray(w.remove));
  return {
    text: `${w.remove.length > 0 ? `WITH removed AS (${remove(4)}) ` : ''}
     INSERT INTO ${table} AS t (vin, online, last_heartbeat_at)
     SELECT v, o, ${msToTime('h')} FROM unnest($1::text[], $2::bool[], $3::int8[]) AS u(v, o, h)
     ON CONFLICT (vin) DO UPDATE SET online = excluded.online, last_heartbeat_at = excluded.last_heartbeat_at`,
    values,
  };
}
