-- Up Migration

-- The event log. global_position orders appends; transaction_id (the appending transaction's xid8) lets readers
-- stay behind every transaction still in flight, so an event whose transaction commits late is never skipped.
CREATE TABLE events (
  global_position bigserial PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  stream_position bigint NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_commit_order ON events (transaction_id, global_position);
CREATE UNIQUE INDEX events_event_id ON events (event_id);
CREATE UNIQUE INDEX events_stream ON events (stream_id, stream_position);

-- One row per stream with its last position; the row lock serialises concurrent appends to one stream.
CREATE TABLE streams (
  stream_id text PRIMARY KEY,
  stream_position bigint NOT NULL
);

-- Appends a batch in one statement. p_events is a JSON array of
-- {event_id, stream_id, type, data, metadata}; p_expected maps stream ids to the position the caller last saw
-- (0 = the stream must not exist yet). A mismatch raises SQLSTATE VT409 and nothing is written.
CREATE FUNCTION append_events(p_events jsonb, p_expected jsonb DEFAULT NULL)
RETURNS TABLE (o_event_id uuid, o_global_position bigint, o_stream_id text, o_stream_position bigint,
               o_transaction_id xid8, o_recorded_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  v_ids text[];
  v_last bigint[];
  v_n bigint[];
  conflict record;
BEGIN
  -- Streams are bumped in a fixed order, so two batches touching the same streams lock them in the same order.
  WITH counts AS (
    SELECT e.stream_id, count(*) AS n FROM jsonb_to_recordset(p_events) AS e(stream_id text) GROUP BY e.stream_id
  ), bumped AS (
    INSERT INTO streams AS s (stream_id, stream_position)
    SELECT c.stream_id, c.n FROM counts c ORDER BY c.stream_id
    ON CONFLICT (stream_id) DO UPDATE SET stream_position = s.stream_position + excluded.stream_position
    RETURNING s.stream_id, s.stream_position
  )
  SELECT array_agg(b.stream_id), array_agg(b.stream_position), array_agg(c.n) INTO v_ids, v_last, v_n
  FROM bumped b JOIN counts c USING (stream_id);

  IF p_expected IS NOT NULL THEN
    SELECT x.key AS stream_id, x.value::bigint AS expected,
           coalesce(b.last - b.n, (SELECT s.stream_position FROM streams s WHERE s.stream_id = x.key), 0) AS actual
    INTO conflict
    FROM jsonb_each_text(p_expected) x
    LEFT JOIN unnest(v_ids, v_last, v_n) AS b(stream_id, last, n) ON b.stream_id = x.key
    WHERE coalesce(b.last - b.n, (SELECT s.stream_position FROM streams s WHERE s.stream_id = x.key), 0)
          <> x.value::bigint
    LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'stream % is at position %, expected %', conflict.stream_id, conflict.actual, conflict.expected
        USING ERRCODE = 'VT409';
    END IF;
  END IF;

  RETURN QUERY
  WITH input AS (
    SELECT e.* FROM ROWS FROM (
      jsonb_to_recordset(p_events) AS (event_id uuid, stream_id text, type text, data jsonb, metadata jsonb)
    ) WITH ORDINALITY AS e(event_id, stream_id, type, data, metadata, ord)
  ), inserted AS (
    INSERT INTO events (event_id, stream_id, stream_position, type, data, metadata)
    SELECT i.event_id, i.stream_id,
           b.last - b.n + row_number() OVER (PARTITION BY i.stream_id ORDER BY i.ord),
           i.type, i.data, coalesce(i.metadata, '{}'::jsonb)
    FROM input i JOIN unnest(v_ids, v_last, v_n) AS b(stream_id, last, n) ON b.stream_id = i.stream_id
    ORDER BY i.ord
    RETURNING events.event_id, events.global_position, events.stream_id, events.stream_position,
              events.transaction_id, events.recorded_at
  )
  SELECT * FROM inserted ORDER BY global_position;

  -- Delivered at commit; identical notifications in one transaction are folded into one.
  PERFORM pg_notify('events_appended', '');
END;
$$;

-- Down Migration
DROP FUNCTION append_events(jsonb, jsonb);
DROP TABLE streams;
DROP TABLE events;
