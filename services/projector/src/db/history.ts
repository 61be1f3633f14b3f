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
  const up: { vin: string[]; at: Date[]; end: (Date | null)[]; status: string[] } = {
    vin: [],
    at: [],
    end: [],
    status: [],
  };
  for (const w of writes) {
    if (w.kind === 'delete') {
      del.vin.push(w.vin);
      del.at.push(w.startedAt);
    } else {
      up.vin.push(w.interval.vin);
      up.at.push(w.interval.startedAt);
      up.end.push(w.interval.endedAt);
      up.status.push(w.interval.status);
    }
  }
  const s = schemaName(schema);
  if (del.vin.length)
    await db.query(
      `DELETE FROM ${s}.intervals i USING unnest($1::text[], $2::timestamptz[]) AS d(vin, started_at)
       WHERE i.vin = d.vin AND i.started_at = d.started_at`,
      [del.vin, del.at],
    );
  if (up.vin.length)
    await db.query(
      `INSERT INTO ${s}.intervals AS t (vin, started_at, ended_at, status)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[])
       ON CONFLICT (vin, started_at) DO UPDATE SET ended_at = excluded.ended_at, status = excluded.status`,
      [up.vin, up.at, up.end, up.status],
    );
}

/** Adds heartbeat counts per vehicle and hour. */
export async function addHourlyCounts(
  db: Queryable,
  schema: string,
  counts: Iterable<{ vin: string; hour: Date; count: number }>,
): Promise<void> {
  const list = [...counts];
  if (list.length === 0) return;
  await db.query(
    `INSERT INTO ${schemaName(schema)}.heartbeats_hourly AS t (vin, hour, count)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[])
     ON CONFLICT (vin, hour) DO UPDATE SET count = t.count + excluded.count`,
    [list.map((c) => c.vin), list.map((c) => c.hour), list.map((c) => c.count)],
  );
}
