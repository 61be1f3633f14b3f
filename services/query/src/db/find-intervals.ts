import type { VehicleStatus } from '@vehicle-tracker/contracts';
import type { Queryable } from '@vehicle-tracker/service-kit';

export interface StoredInterval {
  status: VehicleStatus;
  startedAt: Date;
  endedAt: Date | null;
}

/**
 * The intervals of one vehicle overlapping [from, to): the one covering `from` and every one starting before
 * `to`. Both bounds are ranges over the (vin, started_at) key, so a long history costs only what is returned.
 */
export async function findIntervals(
  db: Queryable,
  vin: string,
  from: Date,
  to: Date,
): Promise<StoredInterval[]> {
  const { rows } = await db.query<{ status: VehicleStatus; started_at: Date; ended_at: Date | null }>(
    `SELECT status, started_at, ended_at FROM rm.intervals
      WHERE vin = $1 AND started_at < $3
        AND started_at >= coalesce(
          (SELECT started_at FROM rm.intervals WHERE vin = $1 AND started_at <= $2 ORDER BY started_at DESC LIMIT 1),
          '-infinity')
      ORDER BY started_at`,
    [vin, from, to],
  );
  return rows.map((r) => ({ status: r.status, startedAt: r.started_at, endedAt: r.ended_at }));
}
