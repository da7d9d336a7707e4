-- event_ids gets one row per stored event, in the same statement as the event. Its received_at
-- index only serves the periodic prune of ids older than the dedupe window. Rows arrive in
-- received_at order, so a BRIN index finds the old ones as well as the B-tree did, at almost no
-- cost per insert (a B-tree insert per event was one of the three index inserts the write path
-- pays beyond what COPY into events pays).
DROP INDEX IF EXISTS event_ids_received_at;
CREATE INDEX event_ids_received_at_brin ON event_ids USING brin (received_at);
