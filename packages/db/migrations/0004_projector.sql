-- Up Migration

-- Set while a vehicle is offline because its deadline passed: the start of the online interval that flip closed.
-- A heartbeat received before the deadline but committed after the flip undoes the flip with it, so the live run
-- and a rebuild from position zero give the same intervals.
ALTER TABLE rm.vehicles ADD COLUMN flipped_from timestamptz;

-- The projector prunes the live feed by age.
CREATE INDEX status_changes_created_at ON status_changes (created_at);

-- Customer names are unique on the write side (write_customers_name); the read model must not enforce it again:
-- a batch that swaps two names (A renamed to B, C renamed to A) would violate a unique index in the middle of
-- one upsert statement and stop the projector for good. Searching by name only needs a plain index.
DROP INDEX rm.customers_name;
CREATE INDEX customers_name ON rm.customers (lower(name));

-- Down Migration
DROP INDEX rm.customers_name;
CREATE UNIQUE INDEX customers_name ON rm.customers (lower(name));
DROP INDEX status_changes_created_at;
ALTER TABLE rm.vehicles DROP COLUMN flipped_from;
