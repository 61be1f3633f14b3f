import type { IntervalWrite } from '../domain/batch';
import { ms, msToTime, numberArray, textArray } from './arrays';
import { schemaName } from './schema';
import type { Statement } from './statement';

/** Interval deletes (an undone flip), keyed by (vin, started_at). */
export function intervalDelete(schema: string, writes: readonly IntervalWrite[]): Statement | null {
  const vins: string[] = [];
  const starts: number[] = [];
  for (const w of writes) {
    if (w.kind !== 'delete') continue;
    vins.push(w.vin);
    starts.push(w.startedAt.getTime());
  }
  if (vins.length === 0) return null;
  return {
    // `i.vin = ANY(...)`: through the primary key rather than a scan of the whole table (see db/vehicles.ts).
    text: `DELETE FROM ${schemaName(schema)}.intervals i USING unnest($1::text[], $2::int8[]) AS d(vin, started_at)
     WHERE i.vin = d.vin AND i.started_at = ${msToTime('d.started_at')} AND i.vin = ANY($1::text[])`,
    values: [textArray(vins), numberArray(starts)],
  };
}

/** Interval upserts keyed by (vin, started_at): a status wave writes two or three per vehicle. */
export function intervalUpsert(schema: string, writes: readonly IntervalWrite[]): Statement | null {
  const vins: string[] = [];
  const starts: number[] = [];
  const ends: (number | null)[] = [];
  const statuses: string[] = [];
  for (const w of writes) {
    if (w.kind !== 'upsert') continue;
    vins.push(w.interval.vin);
    starts.push(w.interval.startedAt.getTime());
    ends.push(ms(w.interval.endedAt));
    statuses.push(w.interval.status);
  }
  if (vins.length === 0) return null;
  return {
    text: `INSERT INTO ${schemaName(schema)}.intervals AS t (vin, started_at, ended_at, status)
     SELECT v, ${msToTime('s')}, ${msToTime('e')}, st FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[])
       AS u(v, s, e, st)
     ON CONFLICT (vin, started_at) DO UPDATE SET ended_at = excluded.ended_at, status = excluded.status`,
    values: [textArray(vins), numberArray(starts), numberArray(ends), textArray(statuses)],
  };
}

/** Adds heartbeat counts per vehicle and hour (epoch milliseconds of the hour; the keys of a batch are distinct). */
export function hourlyCountAdd(
  schema: string,
  counts: ReadonlyMap<string, readonly { hour: number; count: number }[]>,
): Statement | null {
  const vins: string[] = [];
  const hours: number[] = [];
  const n: number[] = [];
  for (const [vin, list] of counts)
    for (const h of list) {
      vins.push(vin);
      hours.push(h.hour);
      n.push(h.count);
    }
  if (vins.length === 0) return null;
  return {
    text: `INSERT INTO ${schemaName(schema)}.heartbeats_hourly AS t (vin, hour, count)
     SELECT v, ${msToTime('h')}, n FROM unnest($1::text[], $2::int8[], $3::int[]) AS u(v, h, n)
     ON CONFLICT (vin, hour) DO UPDATE SET count = t.count + excluded.count`,
    values: [textArray(vins), numberArray(hours), numberArray(n)],
  };
}
