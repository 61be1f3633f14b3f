-- Up Migration

-- The vehicles retired after an instant, for a page of the whole fleet as it was then in registration number or
-- customer name order (services/query/src/db/whole-fleet-as-of.ts): the active vehicles come in order from the
-- partial indexes vehicles_reg_no and vehicles_customer_name, and the few retired since from here, merged. A
-- retired vehicle is never written again, and retired_at does not change on a heartbeat: updates stay HOT (0006).
CREATE INDEX vehicles_retired_at ON rm.vehicles (retired_at) WHERE retired_at IS NOT NULL;

-- Down Migration
DROP INDEX rm.vehicles_retired_at;
