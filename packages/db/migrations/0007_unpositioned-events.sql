-- Up Migration

-- Events without a stream position (heartbeats). They need no optimistic concurrency, and numbering them per stream
-- cost an upsert of the stream's `streams` row (a row lock and a write) per vehicle per batch, plus an entry in the
-- (stream_id, stream_position) index per heartbeat. Appended with a NULL position (appendUnpositioned), they touch
-- neither. Positioned events (the registry) keep their numbering: a stream's position now counts its positioned
-- events only, so a registry command on a vehicle no longer conflicts with that vehicle's heartbeats.
-- Rows already written keep their positions, and `streams` keeps counting on from them: no data changes.
ALTER TABLE events ALTER COLUMN stream_position DROP NOT NULL;

-- The unique index serves optimistic concurrency and readStream's positioned events; unpositioned rows stay out of
-- it. Built before the old one is dropped, so uniqueness holds throughout. The build holds a SHARE lock on events
-- (appends wait, reads go on) for as long as an index build over the table takes.
CREATE UNIQUE INDEX events_stream_positioned ON events (stream_id, stream_position)
  WHERE stream_position IS NOT NULL;
DROP INDEX events_stream;
ALTER INDEX events_stream_positioned RENAME TO events_stream;

-- Down Migration
-- Numbers the unpositioned events after each stream's positioned ones (in append order) and moves the streams
-- rows on, so every row has a position again before NOT NULL and the full index return.
WITH numbered AS (
  SELECT e.global_position,
         coalesce(s.stream_position, 0) + row_number() OVER (PARTITION BY e.stream_id ORDER BY e.global_position) AS pos
  FROM events e LEFT JOIN streams s USING (stream_id)
  WHERE e.stream_position IS NULL
)
UPDATE events SET stream_position = n.pos FROM numbered n WHERE events.global_position = n.global_position;
INSERT INTO streams AS s (stream_id, stream_position)
SELECT stream_id, max(stream_position) FROM events GROUP BY stream_id
ON CONFLICT (stream_id) DO UPDATE SET stream_position = greatest(s.stream_position, excluded.stream_position);
CREATE UNIQUE INDEX events_stream_all ON events (stream_id, stream_position);
DROP INDEX events_stream;
ALTER INDEX events_stream_all RENAME TO events_stream;
ALTER TABLE events ALTER COLUMN stream_position SET NOT NULL;
