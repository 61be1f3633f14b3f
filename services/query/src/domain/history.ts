import type { HistoryInterval, VehicleStatus } from '@vehicle-tracker/contracts';

export interface IntervalRecord {
  status: VehicleStatus;
  startedAt: Date;
  endedAt: Date | null;
}

export interface TimeRange {
  from: Date;
  to: Date;
}

/**
 * The stored intervals as they stand at `now`: an open online interval whose deadline (the vehicle's offline_at)
 * has passed ends there and an open offline one follows. The projector writes the same within about a second;
 * this makes the answer exact in that second too.
 */
export function settleOpenInterval(
  intervals: IntervalRecord[],
  offlineAt: Date | null,
  now: Date,
): IntervalRecord[] {
  const last = intervals.at(-1);
  if (!last || last.endedAt !== null || last.status !== 'online' || offlineAt === null) return intervals;
  if (offlineAt.getTime() > now.getTime()) return intervals;
  const end = new Date(Math.max(offlineAt.getTime(), last.startedAt.getTime()));
  return [
    ...intervals.slice(0, -1),
    { ...last, endedAt: end },
    { status: 'offline', startedAt: end, endedAt: null },
  ];
}

/**
 * A range ending this close to the server's now still reaches the present: clients send their own "now" a moment
 * before the server reads its clock, and their clocks differ a little.
 */
const PRESENT_TOLERANCE_MS = 60_000;

/** Intervals cut to the range; an interval still open at `now` keeps `to: null` when the range reaches now. */
export function clipIntervals(intervals: IntervalRecord[], range: TimeRange, now: Date): HistoryInterval[] {
  const from = range.from.getTime();
  const to = range.to.getTime();
  return intervals
    .filter((i) => i.startedAt.getTime() < to && (i.endedAt === null || i.endedAt.getTime() > from))
    .map((i) => {
      const start = Math.max(i.startedAt.getTime(), from);
      let end: number | null = i.endedAt === null ? null : Math.min(i.endedAt.getTime(), to);
      if (end === null && to < now.getTime() - PRESENT_TOLERANCE_MS) end = to;
      return {
        status: i.status,
        from: new Date(start).toISOString(),
        to: end === null ? null : new Date(end).toISOString(),
      };
    });
}

/** Share of [from, min(to, now)] spent online (0 when that window is empty). */
export function uptimeShare(intervals: IntervalRecord[], range: TimeRange, now: Date): number {
  const from = range.from.getTime();
  const until = Math.min(range.to.getTime(), now.getTime());
  if (until <= from) return 0;
  let online = 0;
  for (const i of intervals) {
    if (i.status !== 'online') continue;
    const start = Math.max(i.startedAt.getTime(), from);
    const end = Math.min(i.endedAt?.getTime() ?? until, until);
    if (end > start) online += end - start;
  }
  return Math.min(1, online / (until - from));
}

/** The start of the UTC hour holding `at`. */
export function hourFloor(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}
