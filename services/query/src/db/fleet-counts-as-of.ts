import type { Queryable } from '@vehicle-tracker/service-kit';
import { queryPrepared } from './prepared-query';

/** The whole fleet's counts at an instant (every vehicle registered and not retired then). */
export interface FleetCountsAsOf {
  total: number;
  online: number;
  neverSeen: number;
}

interface CountsRow {
  exact: boolean | null;
  total: string;
  online: string;
  never_seen: string;
}

/*
 * The sums of the deltas at or before $1, each grain read over its own range (migration 0012): the days before
 * $1's day, the hours of that day before $1's hour, the minutes of that hour before $1's minute, and the instants of
 * that minute up to $1 itself (an interval starting at $1 covers it, one ending at $1 does not). UTC throughout, as
 * the triggers truncate.
 */
const COUNTS = `
  SELECT (SELECT bool_and(deadlines_after >= $1) FROM rm.checkpoint) AS exact,
         coalesce(sum(total), 0) AS total, coalesce(sum(online), 0) AS online,
         coalesce(sum(never_seen), 0) AS never_seen
    FROM rm.fleet_count_deltas
   WHERE (grain = 3 AND at < date_trunc('day', $1, 'UTC'))
      OR (grain = 2 AND at >= date_trunc('day', $1, 'UTC') AND at < date_trunc('hour', $1, 'UTC'))
      OR (grain = 1 AND at >= date_trunc('hour', $1, 'UTC') AND at < date_trunc('minute', $1, 'UTC'))
      OR (grain = 0 AND at >= date_trunc('minute', $1, 'UTC') AND at <= $1)`;

/**
 * The fleet's counts at `asOf` from the projector's per-instant sums: a few hundred rows at most, whatever the
 * fleet's size. Null when the sums cannot be trusted for that instant: an online interval still open then may have
 * passed its deadline (the projector has not flipped it yet, or says nothing about its deadlines), and only a look
 * at each vehicle tells.
 */
export async function fleetCountsAsOf(db: Queryable, asOf: Date): Promise<FleetCountsAsOf | null> {
  const [row] = await queryPrepared<CountsRow>(db, COUNTS, [asOf]);
  if (!row?.exact) return null;
  return { total: Number(row.total), online: Number(row.online), neverSeen: Number(row.never_seen) };
}
