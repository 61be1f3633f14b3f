-- Up Migration

-- Every heartbeat changes last_heartbeat_at, offline_at and heartbeat_count of its vehicle. With an index on any of
-- them, each such update is a new row version with a new entry in every index of rm.vehicles. Without, and with
-- free space left in each page, PostgreSQL updates in place (HOT): no index is touched.
-- The projector keeps its deadline queue (online vehicles by offline_at) in memory, so vehicles_offline_at has no
-- reader left; vehicles_last_heartbeat only served the query service's sort=lastSeen, which now sorts the rows it
-- selected (slower on very large fleets, still correct).
DROP INDEX rm.vehicles_last_heartbeat;
DROP INDEX rm.vehicles_offline_at;

-- Room on each page for the updated versions (existing pages get it when rewritten; new pages at once). A batch
-- updates most rows of a page once, and a HOT update needs room for the new version on the same page (the old one
-- is only pruned after commit): half of each page. Measured on 10k rows updated per transaction: fillfactor 70 gave
-- 70% HOT updates on vehicles and 49% on heartbeats_hourly, 50 gave 98% and 99%. The tables are small (one row per
-- vehicle, per vehicle and hour). A rebuild's twin tables copy these settings from the live ones.
ALTER TABLE rm.vehicles SET (fillfactor = 50);
ALTER TABLE rm.heartbeats_hourly SET (fillfactor = 50);

-- Down Migration
ALTER TABLE rm.heartbeats_hourly RESET (fillfactor);
ALTER TABLE rm.vehicles RESET (fillfactor);
CREATE INDEX vehicles_offline_at ON rm.vehicles (offline_at) WHERE status = 'online';
CREATE INDEX vehicles_last_heartbeat ON rm.vehicles (last_heartbeat_at, vin) WHERE retired_at IS NULL;
