-- Up Migration

-- A page of the whole fleet as it was at an instant, in registration number or customer name order
-- (services/query/src/db/whole-fleet-as-of.ts), walks the active vehicles in order from their partial index and
-- the few retired since from this one, and stops with the page. A retired vehicle is never written again, and
-- retired_at does not change on a heartbeat: the projector's heartbeat updates stay HOT (0006).
CREATE INDEX vehicles_retired_at ON rm.vehicles (retired_at) WHERE retired_at IS NOT NULL;

-- The registration number order breaks ties by VIN (as every sort does): with the VIN in the key the walk, and a
-- live page sorted by registration number, read the index in order with no sort on top. Neither column changes
-- on a heartbeat.
CREATE INDEX vehicles_reg_no_vin ON rm.vehicles (reg_no, vin) WHERE retired_at IS NULL;
DROP INDEX rm.vehicles_reg_no;
ALTER INDEX rm.vehicles_reg_no_vin RENAME TO vehicles_reg_no;

-- Down Migration
DROP INDEX rm.vehicles_reg_no;
CREATE INDEX vehicles_reg_no ON rm.vehicles (reg_no) WHERE retired_at IS NULL;
DROP INDEX rm.vehicles_retired_at;
