import pino from 'pino';
import type { Queryable } from '@vehicle-tracker/event-store';
import { rebuild } from '../../../services/projector/src/projection/rebuild';
import { waitFor } from './processes';

const TABLES = [
  'checkpoint',
  'customers',
  'vehicles',
  'intervals',
  'heartbeats_hourly',
  'fleet_count_deltas',
  'vehicle_last_seen',
] as const;
export const VERIFY_SCHEMA = 'rm_verify';

/**
 * md5 and row count of every read-model table of `schema`, whole rows (counters included) in a stable order;
 * the checkpoint without its wall-clock `updated_at` and `deadlines_after`, the fleet's count sums without zeros.
 */
export async function checksums(db: Queryable, schema: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const rows =
      table === 'checkpoint'
        ? `(SELECT projection, transaction_id, global_position FROM ${schema}.checkpoint)`
        : table === 'fleet_count_deltas'
          ? // Sums whose deltas cancelled out (an undone flip) stay as zero rows in the live run only.
            `(SELECT * FROM ${schema}.${table} WHERE (total, online, never_seen) <> (0, 0, 0))`
          : `${schema}.${table}`;
    const { rows: r } = await db.query<{ sum: string; n: number }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum, count(*)::int AS n
         FROM ${rows} t`,
    );
    out[table] = `${r[0]!.n} rows ${r[0]!.sum}`;
  }
  return out;
}

/** Replays the whole log into VERIFY_SCHEMA (not swapped in) with the projector's own rebuild. */
export async function freshRebuild(db: Queryable, url: string): Promise<void> {
  await rebuild({
    databaseUrl: url,
    pool: db,
    logger: pino({ level: 'silent' }),
    replicaId: 'fault-verify',
    defaultTimeout: 60,
    batchSize: 1000,
    twin: VERIFY_SCHEMA,
    swap: false,
    fresh: true,
  });
}

/**
 * The counters checked against the log and the rows themselves, independently of the projector's code: every
 * heartbeat of a vehicle before its retirement counted exactly once, and each customer's counts equal its rows.
 */
export async function counterProblems(db: Queryable, schema = 'rm'): Promise<string[]> {
  const problems: string[] = [];
  const { rows: hb } = await db.query<{ counted: number; logged: number }>(
    `SELECT (SELECT coalesce(sum(heartbeat_count), 0)::int FROM ${schema}.vehicles) AS counted,
       (SELECT count(*)::int FROM events e JOIN ${schema}.vehicles v ON v.vin = e.data->>'vin'
         WHERE e.type = 'HeartbeatRecorded' AND NOT EXISTS (
           SELECT 1 FROM events r WHERE r.type = 'VehicleRetired' AND r.data->>'vin' = v.vin
             AND (r.transaction_id, r.global_position) < (e.transaction_id, e.global_position))) AS logged`,
  );
  if (hb[0]!.counted !== hb[0]!.logged)
    problems.push(`heartbeat_count sums to ${hb[0]!.counted}, the log holds ${hb[0]!.logged}`);
  const { rows: bad } = await db.query(
    `SELECT c.customer_id, c.vehicle_count, c.online_count, c.offline_count, v.n, v.online
       FROM ${schema}.customers c
       LEFT JOIN (SELECT customer_id, count(*)::int AS n, count(*) FILTER (WHERE status = 'online')::int AS online
                    FROM ${schema}.vehicles WHERE retired_at IS NULL GROUP BY customer_id) v USING (customer_id)
      WHERE c.vehicle_count <> coalesce(v.n, 0) OR c.online_count <> coalesce(v.online, 0)
         OR c.offline_count <> coalesce(v.n, 0) - coalesce(v.online, 0)`,
  );
  for (const r of bad) problems.push(`customer counters disagree with its vehicles: ${JSON.stringify(r)}`);
  problems.push(...(await fleetCountProblems(db, schema)));
  problems.push(...(await lastSeenProblems(db, schema)));
  return problems;
}

/**
 * The projector's last-seen order (migration 0013) against rm.vehicles: exactly one row per active vehicle, with its
 * online flag (status = 'online') and last heartbeat.
 */
async function lastSeenProblems(db: Queryable, schema: string): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT vin, v.online, v.last_heartbeat_at, s.online AS listed_online, s.last_heartbeat_at AS listed_last
       FROM (SELECT vin, status = 'online' AS online, last_heartbeat_at FROM ${schema}.vehicles
              WHERE retired_at IS NULL) v
       FULL JOIN ${schema}.vehicle_last_seen s USING (vin)
      WHERE (v.online, v.last_heartbeat_at) IS DISTINCT FROM (s.online, s.last_heartbeat_at)
      ORDER BY vin LIMIT 20`,
  );
  return rows.map((r) => `vehicle_last_seen disagrees with the active vehicles: ${JSON.stringify(r)}`);
}

/**
 * The fleet's per-instant count sums (migration 0012) against the intervals themselves: at 30 instants where an
 * interval starts, the sums at or before it equal the intervals covering it (all, online, never-seen); and each
 * coarser grain sums to the same totals as the instants.
 */
async function fleetCountProblems(db: Queryable, schema: string): Promise<string[]> {
  const { rows: instants } = await db.query(
    `SELECT at, s.total, s.online, s.never_seen, c.total AS covering, c.online AS covering_online,
            c.never_seen AS covering_never_seen
       FROM (SELECT DISTINCT started_at AS at FROM ${schema}.intervals ORDER BY 1 DESC LIMIT 30) a
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(total), 0)::int AS total, coalesce(sum(online), 0)::int AS online,
               coalesce(sum(never_seen), 0)::int AS never_seen
          FROM ${schema}.fleet_count_deltas WHERE grain = 0 AND at <= a.at) s
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'online')::int AS online,
               count(*) FILTER (WHERE status = 'never-seen')::int AS never_seen
          FROM ${schema}.intervals WHERE started_at <= a.at AND (ended_at IS NULL OR ended_at > a.at)) c
      WHERE (s.total, s.online, s.never_seen) <> (c.total, c.online, c.never_seen)`,
  );
  const { rows: grains } = await db.query(
    `WITH g AS (SELECT grain, sum(total)::int AS total, sum(online)::int AS online,
                       sum(never_seen)::int AS never_seen
                  FROM ${schema}.fleet_count_deltas GROUP BY grain)
     SELECT g.* FROM g JOIN g i ON i.grain = 0
      WHERE (g.total, g.online, g.never_seen) <> (i.total, i.online, i.never_seen)`,
  );
  return [
    ...instants.map((r) => `fleet count sums disagree with the intervals: ${JSON.stringify(r)}`),
    ...grains.map((r) => `fleet count sums of grain ${JSON.stringify(r)} differ from the instants'`),
  ];
}

/** True once the live projection has applied every event of the log. */
export async function caughtUp(db: Queryable, schema = 'rm'): Promise<boolean> {
  const { rows } = await db.query<{ done: boolean }>(
    `SELECT coalesce((SELECT global_position FROM ${schema}.checkpoint), 0) =
            coalesce((SELECT max(global_position) FROM events), 0) AS done`,
  );
  return rows[0]!.done;
}

/**
 * True once no online vehicle has its deadline within `marginSeconds` from now: every flip due has been made and
 * none is about to be, so a rebuild run now decides every deadline the same way.
 */
export async function flipsDone(db: Queryable, marginSeconds = 0, schema = 'rm'): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${schema}.vehicles
      WHERE status = 'online' AND offline_at <= now() + make_interval(secs => $1)`,
    [marginSeconds],
  );
  return rows[0]!.n === 0;
}

/**
 * At a quiet moment (nothing appended meanwhile): waits for the live projection to apply the whole log and make
 * every flip due (none due within 10 s), replays the log into VERIFY_SCHEMA, and answers what differs: table
 * checksums, counters against the log, the status feed (doubles and gaps).
 */
export async function compareWithRebuild(db: Queryable, url: string): Promise<string[]> {
  await waitFor('the projector to catch up', () => caughtUp(db), 30_000);
  await waitFor('the deadline pass', () => flipsDone(db, 10), 15_000);
  await freshRebuild(db, url);
  const live = await checksums(db, 'rm');
  const fresh = await checksums(db, VERIFY_SCHEMA);
  const problems = Object.keys(live)
    .filter((t) => live[t] !== fresh[t])
    .map((t) => `rm.${t} (${live[t]}) differs from a fresh rebuild (${fresh[t]})`);
  const feed = await feedProblems(db);
  problems.push(...(await counterProblems(db)), ...feed.doubles, ...feed.gaps);
  return problems;
}

/** What is wrong with the status feed, each list capped at `limit` entries. */
export interface FeedProblems {
  /** Changes published twice in a row: a replayed batch publishes a vehicle's change again, right after itself. */
  doubles: string[];
  /** Vehicles whose last published change is not their state in the model: a change that never reached the feed. */
  gaps: string[];
}

/**
 * The status feed. No double (the projector only publishes what differs from the vehicle's previous state). No
 * gap: each vehicle's last published change is its state in the model (vehicles whose changes were all pruned, or
 * never published, have no last change to compare).
 */
export async function feedProblems(db: Queryable, limit = 20): Promise<FeedProblems> {
  const { rows: doubles } = await db.query<{ vin: string; id: number }>(
    `SELECT vin, id FROM (
       SELECT vin, id, (status, at, customer_id) AS row,
              lag((status, at, customer_id)) OVER (PARTITION BY vin ORDER BY id) AS previous
         FROM status_changes) s
      WHERE row = previous
      ORDER BY id LIMIT $1`,
    [limit],
  );
  const { rows: gaps } = await db.query<{ vin: string; feed: string; model: string }>(
    `SELECT v.vin, concat_ws(' ', f.status, f.at, f.customer_id) AS feed,
            concat_ws(' ', m.status, m.at, v.customer_id) AS model
       FROM rm.vehicles v
       CROSS JOIN LATERAL (SELECT CASE WHEN v.retired_at IS NULL THEN v.status ELSE 'retired' END AS status,
                                  coalesce(v.retired_at, v.status_since, v.registered_at) AS at) m
       JOIN LATERAL (SELECT status, at, customer_id FROM status_changes c
                      WHERE c.vin = v.vin ORDER BY id DESC LIMIT 1) f ON true
      WHERE (f.status, f.at, f.customer_id) IS DISTINCT FROM (m.status, m.at, v.customer_id)
      ORDER BY v.vin LIMIT $1`,
    [limit],
  );
  return {
    doubles: doubles.map((r) => `status change ${r.id} of ${r.vin} published twice in a row`),
    gaps: gaps.map((r) => `the feed's last change of ${r.vin} (${r.feed}) is not its state (${r.model})`),
  };
}
