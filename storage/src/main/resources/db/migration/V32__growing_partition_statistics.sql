-- Autovacuum ANALYZEs a partition again each time it has grown by a tenth. Today's partition grows
-- all day, and one ANALYZE of it samples 300 rows per unit of the largest statistics target
-- (30,000 rows at the default 100). On a 2-core machine under load that took a core for about a
-- second (0.73-1.18 s of CPU), and the ingest statements of those seconds took 100-190 ms instead
-- of about 10: the p99 stalls of the load tests. With every column's target at 10, the same
-- ANALYZE of a 300,000-row partition took 57-67 ms instead of 477-492 ms, and in load runs
-- autovacuum's ANALYZE of the day's partition used 0.04-0.06 s of CPU instead of 0.63-0.79 s.
--
-- So a partition keeps statistics targets of at most 10 while it is still growing (its day is
-- today or later), and gets the parent's targets back, with one full ANALYZE, once its day is
-- over: plans over past days use full statistics; plans over today use a 3,000-row sample,
-- refreshed as often as before. The parent events stays the one place that names per-column
-- targets (V31); a column with no statistics (target 0) keeps none.
--
-- event_ids grows just as fast and is ANALYZEd as often. Its event_id column is unique (the
-- primary key, which tells the planner so by itself) and no query filters it by range, so its
-- statistics are not kept either: ANALYZE of a 461,000-row event_ids took 82-125 ms, 59-60 ms without.
ALTER TABLE event_ids ALTER COLUMN event_id SET STATISTICS 0;

CREATE FUNCTION sieve_partition_statistics_target(parent_target int, growing boolean) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN growing AND (parent_target < 0 OR parent_target > 10) THEN 10 ELSE parent_target END
$$;

COMMENT ON FUNCTION sieve_partition_statistics_target(int, boolean) IS
    'The statistics target a column of an events partition should have: the parent''s (-1: '
    'default_statistics_target), at most 10 while the partition is still growing.';

-- Sets the statistics targets of one events partition; returns whether any column changed.
CREATE FUNCTION sieve_set_partition_statistics(part regclass, growing boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    col     record;
    changed boolean := false;
BEGIN
    FOR col IN SELECT p.attname,
                      sieve_partition_statistics_target(COALESCE(p.attstattarget, -1), growing) AS wanted,
                      COALESCE(c.attstattarget, -1) AS current
               FROM pg_attribute p
               JOIN pg_attribute c ON c.attrelid = part AND c.attname = p.attname
               WHERE p.attrelid = 'events'::regclass AND p.attnum > 0 AND NOT p.attisdropped LOOP
        CONTINUE WHEN col.wanted = col.current;
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS %s', part, col.attname, col.wanted);
        changed := true;
    END LOOP;
    RETURN changed;
END
$$;

COMMENT ON FUNCTION sieve_set_partition_statistics(regclass, boolean) IS
    'Gives every column of an events partition the statistics target of sieve_partition_statistics_target; '
    'returns whether any changed. Takes only a SHARE UPDATE EXCLUSIVE lock, so inserts go on.';

-- A past partition is analyzed in the same transaction that changes its targets, so at most
-- max_analyzed of them per call: a changed target on the parent reaches a year of partitions over
-- many maintenance runs instead of one long transaction, newest first (yesterday's matters most).
CREATE FUNCTION sieve_settle_partitions(max_analyzed int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    today    date := (now() AT TIME ZONE 'UTC')::date;
    part     record;
    growing  boolean;
    settled  int := 0;
BEGIN
    FOR part IN SELECT c.oid::regclass AS rel, to_date(substr(c.relname, 8), 'YYYYMMDD') AS day
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{8}$'
                ORDER BY c.relname DESC LOOP
        growing := part.day >= today;
        CONTINUE WHEN NOT growing AND settled >= max_analyzed;
        IF sieve_set_partition_statistics(part.rel, growing) AND NOT growing THEN
            EXECUTE format('ANALYZE %s', part.rel);
            settled := settled + 1;
        END IF;
    END LOOP;
    RETURN settled;
END
$$;

COMMENT ON FUNCTION sieve_settle_partitions(int) IS
    'Keeps the statistics targets of the events partitions of today and later at most 10, and gives '
    'up to max_analyzed past partitions the parent''s targets back, each with one ANALYZE; returns how '
    'many it analyzed. Run by the periodic maintenance; idempotent.';

CREATE OR REPLACE FUNCTION sieve_ensure_partitions(days_back int, days_ahead int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    today    date := (now() AT TIME ZONE 'UTC')::date;
    part_day date;
    name     text;
    created  int := 0;
BEGIN
    FOR part_day IN SELECT d::date FROM generate_series(today - days_back, today + days_ahead, interval '1 day') AS d LOOP
        name := 'events_' || to_char(part_day, 'YYYYMMDD');
        CONTINUE WHEN to_regclass(format('%I.%I', current_schema(), name)) IS NOT NULL;
        BEGIN
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           name, part_day::timestamp AT TIME ZONE 'UTC', (part_day + 1)::timestamp AT TIME ZONE 'UTC');
            PERFORM sieve_set_partition_statistics(format('%I', name)::regclass, part_day >= today);
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

-- The partitions that exist already (today and up to a week ahead) take the growing targets now.
SELECT sieve_settle_partitions(0);
