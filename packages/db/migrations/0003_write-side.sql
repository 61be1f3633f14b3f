-- Up Migration

-- Write-side tables of the heartbeat service: a cache of the registry events, updated in the same transaction as
-- each append (so they never disagree with the log) and rebuildable from it. They answer the command side's
-- questions without scanning the log: does this VIN exist, which token hash authenticates it, is a name taken.
-- Optimistic concurrency uses the stream positions in `streams` (joined when a command loads its state): vehicle
-- streams also carry heartbeats, so a position stored here would be stale after the next heartbeat.
CREATE TABLE write_customers (
  customer_id uuid PRIMARY KEY,
  name text NOT NULL,
  address text NOT NULL,
  timeout_seconds integer,
  registered_at timestamptz NOT NULL
);
-- Import matches customers by name, case-insensitively: two customers may not share one.
CREATE UNIQUE INDEX write_customers_name ON write_customers (lower(btrim(name)));

CREATE TABLE write_vehicles (
  vin text PRIMARY KEY,
  reg_no text NOT NULL,
  customer_id uuid NOT NULL REFERENCES write_customers (customer_id),
  token_hash text NOT NULL,
  timeout_seconds integer,
  retired_at timestamptz,
  registered_at timestamptz NOT NULL
);
CREATE INDEX write_vehicles_customer ON write_vehicles (customer_id, vin);

CREATE TABLE write_gateways (
  gateway_id uuid PRIMARY KEY,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  registered_at timestamptz NOT NULL
);

-- Every replica caches credentials in memory; a change is announced at commit so each replica drops its copy
-- at once (a rotated token stops working promptly everywhere). Payload: 'vehicle:<VIN>', 'gateway:<id>', '*'.
CREATE FUNCTION write_notify_credentials() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('credentials_changed', '*');
  ELSIF TG_TABLE_NAME = 'write_vehicles' THEN
    PERFORM pg_notify('credentials_changed', 'vehicle:' || coalesce(NEW.vin, OLD.vin));
  ELSE
    PERFORM pg_notify('credentials_changed', 'gateway:' || coalesce(NEW.gateway_id, OLD.gateway_id)::text);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER write_vehicles_credentials AFTER INSERT OR DELETE OR UPDATE OF token_hash, retired_at
  ON write_vehicles FOR EACH ROW EXECUTE FUNCTION write_notify_credentials();
CREATE TRIGGER write_gateways_credentials AFTER INSERT OR DELETE OR UPDATE OF token_hash
  ON write_gateways FOR EACH ROW EXECUTE FUNCTION write_notify_credentials();
CREATE TRIGGER write_vehicles_truncated AFTER TRUNCATE ON write_vehicles
  FOR EACH STATEMENT EXECUTE FUNCTION write_notify_credentials();
CREATE TRIGGER write_gateways_truncated AFTER TRUNCATE ON write_gateways
  FOR EACH STATEMENT EXECUTE FUNCTION write_notify_credentials();

-- Down Migration
DROP TABLE write_gateways;
DROP TABLE write_vehicles;
DROP TABLE write_customers;
DROP FUNCTION write_notify_credentials();
