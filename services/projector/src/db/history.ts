import type { Queryable } from '@vehicle-tracker/service-kit';
import type { IntervalWrite } from '../domain/batch';
import { schemaName } from './schema';

/** Applies interval writes: deletes (an undone flip) and upserts keyed by (vin, started_at). */
export async function writeIntervals(
  db: Queryable,
  schema: string,
  writes: Iterable<IntervalWrite>,
): Promise<void> {
  const del: { vin: string[]; at: Date[] } = { vin: [], at: [] };
  const up: { v: string; s: Date; e: Date | null; st: string }[] = [];
  for (const w of writes) {
    if (w.kind === 'delete') {
      del.vin.push(w.vin);
      del.at.push(w.startedAt);
    } else {
      const i = w.interval;
      up.push({ v: i.vin, s: i.startedAt, e: i.endedAt, st: i.status });
    }
  }
  const s = schemaName(schema);
  if (del.vin.length)
    await db.query(
      `DELETE FROM ${s}.intervals i USING unnest($1::text[], $2::timestamptz[]) AS d(vin, started_at)
       WHERE i.vin = d.vin AND i.started_at = d.started_at`,
      [del.vin, del.at],
    );
  // Upserts as one JSON parameter (as the vehicle writes): a status wave writes two intervals per vehicle.
  if (up.length)
    await db.query(
      `INSERT INTO ${s}.intervals AS t (vin, started_at, ended_at, status)
       SELECT v, s, e, st FROM json_to_recordset($1::json) AS u(v text, s timestamptz, e timestamptz, st text)
       ON CONFLICT (vin, started_at) DO UPDATE SET ended_at = excluded.ended_at, status = excluded.status`,
      [JSON.stringify(up)],
    );
}

/** Adds heartbeat counts per vehicle and hour (the rows of a batch have distinct keys). */
export async function addHourlyCounts(
  db: Queryable,
  schema: string,
  counts: Iterable<{ vin: string; hour: Date; count: number }>,
): Promise<void> {
  const list = [...counts];
  if (list.length === 0) return;
  // One JSON parameter (native stringify): about one row per vehicle of the batch, like the heartbeat update.
  await db.query(
    `INSERT INTO ${schemaName(schema)}.heartbeats_hourly AS t (vin, hour, count)
     SELECT v, h, n FROM json_to_recordset($1::json) AS u(v text, h timestamptz, n int)
     ON CONFLICT (vin, hour) DO UPDATE SET count = t.count + excluded.count`,
    [JSON.stringify(list.map((c) => ({ v: c.vin, h: c.hour, n: c.count })))],
  );
}
