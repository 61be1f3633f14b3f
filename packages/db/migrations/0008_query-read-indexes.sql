-- Up Migration

-- The dashboard within one customer: status filter and every sort but lastSeen from the index alone (the
-- customer's ~1,000 entries, then a top-N sort), and only the matching rows fetched for lastSeen. Status changes on
-- a flip, not on a heartbeat, and customer_id, vin and reg_no never do: heartbeat updates stay HOT (see 0006).
CREATE INDEX vehicles_customer_status ON rm.vehicles (customer_id, status, vin) INCLUDE (reg_no)
  WHERE retired_at IS NULL;

-- Text search finds the vehicles whose customer name matches through rm.customers (a few rows), and the rest, the
-- matches that start in the VIN or registration number, here: the head of search_text, 'vin regno' lower-cased as
-- the projector does, without the customer name, whose trigrams (' ab', 'tra', ...) are in most rows of
-- vehicles_search and make every name search read long posting lists. The head is cut by length where vin and
-- reg_no are ASCII (lower-casing and NFC keep their length); otherwise the whole search_text is indexed, which
-- still contains the head. services/query/src/db/vin-reg-matches.ts repeats this expression; keep them equal.
-- Columns read by the expression change on registration, transfer or rename only: heartbeat updates stay HOT.
CREATE INDEX vehicles_vin_reg_search ON rm.vehicles USING gin ((
  CASE WHEN octet_length(vin || reg_no) = length(vin || reg_no)
       THEN left(search_text, length(vin) + 1 + length(reg_no))
       ELSE search_text END) gin_trgm_ops)
  WHERE retired_at IS NULL;

-- Down Migration
DROP INDEX rm.vehicles_vin_reg_search;
DROP INDEX rm.vehicles_customer_status;
