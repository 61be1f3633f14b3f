-- Up Migration

-- asOf works out the fleet at an instant with one probe per vehicle of the filter (a customer: about a thousand):
-- which vehicles existed then, and the interval that covered the instant. These two indexes answer both probes
-- without reading a table row (services/query/src/db/vehicles-as-of.ts).

-- Replaces vehicles_customer_all (0005, same key): also carries what the asOf filter and page read. None of these
-- columns changes on a heartbeat, so the projector's per-heartbeat updates stay HOT (see 0006); a non-HOT update
-- (status flip, registration, transfer) writes one entry here as it did into vehicles_customer_all.
CREATE INDEX vehicles_as_of ON rm.vehicles (customer_id, vin) INCLUDE (registered_at, retired_at, reg_no);
DROP INDEX rm.vehicles_customer_all;

-- The covering interval straight from the index. The projector only writes intervals on a status change (a flip
-- closes one and opens one), never on a plain heartbeat: one more index entry per interval written. Closing an
-- interval was never HOT (intervals_open's predicate reads ended_at), so no update becomes dearer otherwise.
CREATE INDEX intervals_as_of ON rm.intervals (vin, started_at) INCLUDE (status, ended_at);

-- Down Migration
DROP INDEX rm.intervals_as_of;
CREATE INDEX vehicles_customer_all ON rm.vehicles (customer_id, vin);
DROP INDEX rm.vehicles_as_of;
