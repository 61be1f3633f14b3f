-- Up Migration

-- asOf answers include vehicles retired after the instant asked about, so they cannot use the partial index
-- vehicles_customer (active vehicles only); one customer's fleet at T would otherwise scan every vehicle.
-- customer_id and vin do not change on a heartbeat, so the projector's in-place (HOT) updates are kept.
CREATE INDEX vehicles_customer_all ON rm.vehicles (customer_id, vin);

-- Down Migration
DROP INDEX rm.vehicles_customer_all;
