-- Up Migration

-- Read models live in schema rm, written only by the projector. A rebuild fills a twin schema and swaps the two by
-- renaming in one transaction, so readers that name tables as rm.<table> never see a half-built model.
CREATE SCHEMA rm;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Where the projector stands in the log; in the same schema so a swap carries it along.
CREATE TABLE rm.checkpoint (
  projection text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  global_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rm.customers (
  customer_id uuid PRIMARY KEY,
  name text NOT NULL,
  address text NOT NULL,
  timeout_seconds integer,                      -- customer override; NULL = system default (OFFLINE_AFTER)
  vehicle_count integer NOT NULL DEFAULT 0,     -- active (not retired) vehicles
  online_count integer NOT NULL DEFAULT 0,
  offline_count integer NOT NULL DEFAULT 0,     -- offline and never-seen: every active vehicle not online
  registered_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX customers_name ON rm.customers (lower(name));

CREATE TABLE rm.vehicles (
  vin text PRIMARY KEY,
  reg_no text NOT NULL,
  customer_id uuid NOT NULL,
  customer_name text NOT NULL,                  -- copied for sorting and search without a join
  timeout_seconds integer,                      -- vehicle override; NULL = customer's, then system default
  effective_timeout_seconds integer NOT NULL,   -- the one threshold in force for this vehicle
  status text NOT NULL CHECK (status IN ('online', 'offline', 'never-seen')),
  status_since timestamptz,                     -- NULL while never seen
  last_heartbeat_at timestamptz,                -- server receive time of the newest heartbeat
  offline_at timestamptz,                       -- last_heartbeat_at + effective timeout: when it goes offline
  heartbeat_count bigint NOT NULL DEFAULT 0,
  registered_at timestamptz NOT NULL,
  retired_at timestamptz,                       -- retired vehicles stay for history; live queries skip them
  search_text text NOT NULL                     -- lower-cased (JS toLowerCase, NFC) 'vin regNo customer name'
);
CREATE INDEX vehicles_customer ON rm.vehicles (customer_id, vin) WHERE retired_at IS NULL;
CREATE INDEX vehicles_status ON rm.vehicles (status, vin) WHERE retired_at IS NULL;
CREATE INDEX vehicles_reg_no ON rm.vehicles (reg_no) WHERE retired_at IS NULL;
CREATE INDEX vehicles_customer_name ON rm.vehicles (customer_name, vin) WHERE retired_at IS NULL;
CREATE INDEX vehicles_last_heartbeat ON rm.vehicles (last_heartbeat_at, vin) WHERE retired_at IS NULL;
-- The projector's deadline queue: the next vehicles to go offline.
CREATE INDEX vehicles_offline_at ON rm.vehicles (offline_at) WHERE status = 'online';
CREATE INDEX vehicles_search ON rm.vehicles USING gin (search_text gin_trgm_ops);

-- Connectivity history: consecutive, non-overlapping intervals per vehicle. The open one has ended_at NULL.
-- 'never-seen' covers registration until the first heartbeat.
CREATE TABLE rm.intervals (
  vin text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  status text NOT NULL CHECK (status IN ('online', 'offline', 'never-seen')),
  PRIMARY KEY (vin, started_at)
);
CREATE INDEX intervals_open ON rm.intervals (vin) WHERE ended_at IS NULL;

-- Heartbeats per vehicle per hour (server receive time), for history charts.
CREATE TABLE rm.heartbeats_hourly (
  vin text NOT NULL,
  hour timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (vin, hour)
);

-- Outbox of status changes for live streams, written in the projector's transaction. The id is the SSE event id
-- (Last-Event-ID resume). Kept outside rm: it is a feed, not part of the model, and survives a rebuild swap.
-- Each insert is followed by NOTIFY status_changed; old rows are pruned by the projector.
CREATE TABLE status_changes (
  id bigserial PRIMARY KEY,
  vin text NOT NULL,
  customer_id uuid NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  last_heartbeat_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE status_changes;
DROP SCHEMA rm CASCADE;
