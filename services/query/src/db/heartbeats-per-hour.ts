import type { Queryable } from '@vehicle-tracker/service-kit';

/** Heartbeat counts of one vehicle for the hours from `fromHour` (inclusive) to `to` (exclusive). */
export async function heartbeatsPerHour(
  db: Queryable,
  vin: string,
  fromHour: Date,
  to: Date,
): Promise<{ hour: string; count: number }[]> {
  const { rows } = await db.query<{ hour: Date; count: number }>(
    `SELECT hour, count FROM rm.heartbeats_hourly WHERE vin = $1 AND hour >= $2 AND hour < $3 ORDER BY hour`,
    [vin, fromHour, to],
  );
  return rows.map((r) => ({ hour: r.hour.toISOString(), count: r.count }));
}
