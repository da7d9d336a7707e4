-- Autovacuum ANALYZEs each day's partition again every time it has grown by a tenth, and on a
-- 2-core machine one ANALYZE of a busy partition took a core for 1-2 s: the ingest statements of
-- those seconds took 100-190 ms instead of about 10 (load test, PostgreSQL log). Three columns
-- cost half of that time and give the planner nothing it uses:
--   properties  a JSON object per event, nearly every one distinct: no useful most-common values
--               or histogram, and queries on keys inside it (properties->>'k') never use column
--               statistics;
--   event_id    unique, and events has no index on it;
--   user_agent  the raw string; analysts group by browser_family / os_family, which keep theirs.
-- Measured on a 300,000-row partition: ANALYZE 940 ms with every column, 480 ms without these.
-- A new partition does not take the parent's per-column setting, so sieve_ensure_partitions copies
-- every per-column statistics target of events onto each partition it creates (the parent stays
-- the one place that names them).
ALTER TABLE events
    ALTER COLUMN properties SET STATISTICS 0,
    ALTER COLUMN event_id SET STATISTICS 0,
    ALTER COLUMN user_agent SET STATISTICS 0;

CREATE OR REPLACE FUNCTION sieve_ensure_partitions(days_back int, days_ahead int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    today    date := (now() AT TIME ZONE 'UTC')::date;
    part_day date;
    name     text;
    created  int := 0;
    col      record;
BEGIN
    FOR part_day IN SELECT d::date FROM generate_series(today - days_back, today + days_ahead, interval '1 day') AS d LOOP
        name := 'events_' || to_char(part_day, 'YYYYMMDD');
        CONTINUE WHEN to_regclass(format('%I.%I', current_schema(), name)) IS NOT NULL;
        BEGIN
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           name, part_day::timestamp AT TIME ZONE 'UTC', (part_day + 1)::timestamp AT TIME ZONE 'UTC');
            FOR col IN SELECT attname, attstattarget FROM pg_attribute
                       WHERE attrelid = 'events'::regclass AND attnum > 0 AND NOT attisdropped AND attstattarget >= 0 LOOP
                EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS %s', name, col.attname, col.attstattarget);
            END LOOP;
            created := created + 1;
        EXCEPTION WHEN duplicate_table OR unique_violation OR invalid_object_definition THEN
            -- Another session created the same partition concurrently; anything else is a real error.
            IF to_regclass(format('%I.%I', current_schema(), name)) IS NULL THEN
                RAISE;
            END IF;
        END;
    END LOOP;
    RETURN created;
END
$$;
