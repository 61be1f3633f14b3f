-- Up Migration

-- The whole fleet's counts at a past instant T (asOf without a customer or text filter) without one probe per
-- vehicle: a vehicle is in the fleet at T exactly when one of its intervals covers T (the projector's intervals tile
-- [registered_at, retired_at)), and online exactly when that interval is an online one. So every interval
-- [started_at, ended_at) adds +1 at started_at and -1 at ended_at to the fleet's counts, and the counts at T are the
-- sum of the deltas at or before T. The deltas are summed per instant and per UTC minute, hour and day (the grain),
-- so that sum reads at most a few rows of each grain:
--   days before T's day + hours before T's hour in that day + minutes before T's minute in that hour
--   + instants of T's minute up to T.
-- Statement-level triggers on the intervals table keep the sums (the rows a statement wrote or removed, as a set),
-- so whatever writes intervals (the projector, a rebuild's twin, a benchmark's seed) keeps them exact, undone
-- flips included. A row whose deltas cancelled out stays with zeros.
CREATE TABLE rm.fleet_count_deltas (
  grain smallint NOT NULL CHECK (grain BETWEEN 0 AND 3),  -- 0 instant, 1 minute, 2 hour, 3 day (UTC)
  at timestamptz NOT NULL,                                -- the instant, or the start of the minute/hour/day
  total bigint NOT NULL,                                  -- vehicles in the fleet
  online bigint NOT NULL,
  never_seen bigint NOT NULL,
  PRIMARY KEY (grain, at)
);

-- An online interval still open at T whose deadline is at or before T counts as offline (services/query asOf); the
-- projector closes it within about a second. The active projector writes, with each transaction, an instant that
-- every online vehicle's deadline is after (its deadline queue's head, less 1 ms; 'infinity' with none online):
-- for T at or before it the sums are exact. NULL: not known (a reader probes vehicle by vehicle instead).
ALTER TABLE rm.checkpoint ADD COLUMN deadlines_after timestamptz;

-- Outside the rm schema on purpose: a rebuild renames rm away and drops it, and the triggers of the schema swapped
-- in must not go with it. One function for the three triggers; the table written is the one beside the table that
-- fired (rm, or a rebuild's twin).
CREATE FUNCTION public.rm_fleet_count_deltas() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, status, started_at, ended_at FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, status, started_at, ended_at FROM old_rows'
    ELSE 'SELECT 1 AS sign, status, started_at, ended_at FROM new_rows
          UNION ALL SELECT -1, status, started_at, ended_at FROM old_rows' END;
BEGIN
  EXECUTE format($sql$
    WITH changed AS (%s),
    points AS (
      SELECT started_at AS at, sign AS d, status FROM changed
      UNION ALL
      SELECT ended_at, -sign, status FROM changed WHERE ended_at IS NOT NULL),
    per_instant AS (
      SELECT at, sum(d) AS total, sum(d) FILTER (WHERE status = 'online') AS online,
             sum(d) FILTER (WHERE status = 'never-seen') AS never_seen
        FROM points GROUP BY at)
    INSERT INTO %I.fleet_count_deltas AS t (grain, at, total, online, never_seen)
    SELECT g.grain, CASE WHEN g.unit IS NULL THEN p.at ELSE date_trunc(g.unit, p.at, 'UTC') END,
           sum(p.total), coalesce(sum(p.online), 0), coalesce(sum(p.never_seen), 0)
      FROM per_instant p
      CROSS JOIN (VALUES (0, NULL), (1, 'minute'), (2, 'hour'), (3, 'day')) AS g(grain, unit)
     GROUP BY 1, 2
    HAVING sum(p.total) <> 0 OR coalesce(sum(p.online), 0) <> 0 OR coalesce(sum(p.never_seen), 0) <> 0
    ON CONFLICT (grain, at) DO UPDATE SET total = t.total + excluded.total, online = t.online + excluded.online,
      never_seen = t.never_seen + excluded.never_seen
  $sql$, changed, TG_TABLE_SCHEMA);
  RETURN NULL;
END
$fn$;

-- Installs the three triggers on <schema>.intervals (transition tables allow one event per trigger). The migration
-- calls it for rm; the projector for a rebuild's twin (CREATE TABLE ... LIKE copies no trigger).
CREATE FUNCTION public.rm_install_fleet_count_triggers(schema_name text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('CREATE TRIGGER fleet_counts_insert AFTER INSERT ON %I.intervals
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.rm_fleet_count_deltas()', schema_name);
  EXECUTE format('CREATE TRIGGER fleet_counts_update AFTER UPDATE ON %I.intervals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION public.rm_fleet_count_deltas()', schema_name);
  EXECUTE format('CREATE TRIGGER fleet_counts_delete AFTER DELETE ON %I.intervals
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.rm_fleet_count_deltas()', schema_name);
END
$fn$;

SELECT public.rm_install_fleet_count_triggers('rm');

-- The history projected so far, summed the same way (the triggers only see later writes).
INSERT INTO rm.fleet_count_deltas (grain, at, total, online, never_seen)
SELECT g.grain, CASE WHEN g.unit IS NULL THEN p.at ELSE date_trunc(g.unit, p.at, 'UTC') END,
       sum(p.total), sum(p.online), sum(p.never_seen)
  FROM (
    SELECT at, sum(d) AS total, coalesce(sum(d) FILTER (WHERE status = 'online'), 0) AS online,
           coalesce(sum(d) FILTER (WHERE status = 'never-seen'), 0) AS never_seen
      FROM (SELECT started_at AS at, 1 AS d, status FROM rm.intervals
            UNION ALL
            SELECT ended_at, -1, status FROM rm.intervals WHERE ended_at IS NOT NULL) points
     GROUP BY at) p
  CROSS JOIN (VALUES (0, NULL), (1, 'minute'), (2, 'hour'), (3, 'day')) AS g(grain, unit)
 GROUP BY 1, 2
HAVING sum(p.total) <> 0 OR sum(p.online) <> 0 OR sum(p.never_seen) <> 0;

-- Down Migration
DROP TRIGGER fleet_counts_insert ON rm.intervals;
DROP TRIGGER fleet_counts_update ON rm.intervals;
DROP TRIGGER fleet_counts_delete ON rm.intervals;
DROP FUNCTION public.rm_install_fleet_count_triggers(text);
DROP FUNCTION public.rm_fleet_count_deltas();
ALTER TABLE rm.checkpoint DROP COLUMN deadlines_after;
DROP TABLE rm.fleet_count_deltas;
