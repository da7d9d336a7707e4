-- Exact hourly and daily rollups of event counts and distinct users, for the analyst API's main
-- aggregate (counts per bucket over weeks or months). A distinct count cannot be added up from
-- smaller buckets or from per-type counts, so each bucket stores every combination the API can ask
-- for: per (type, purpose), per type, per purpose, and in total ('*' stands for "every").

CREATE TABLE event_rollups (
    grain      text        NOT NULL CHECK (grain IN ('hour', 'day')),
    bucket     timestamptz NOT NULL,
    event_type text        NOT NULL,
    purpose    text        NOT NULL,
    events     bigint      NOT NULL,
    users      bigint      NOT NULL,
    PRIMARY KEY (grain, event_type, purpose, bucket)
);

COMMENT ON TABLE event_rollups IS
    'Counts of stored events and of distinct users (coalesce(user_key, anonymous_key)) per UTC hour or day '
    'of received_at, per event type and purpose; * in event_type or purpose means all of them. Rows exist '
    'only for combinations with events. Unsuppressed: the API applies k when it reads them. A bucket''s '
    'rows are valid only while event_rollup_buckets lists it.';

CREATE INDEX event_rollups_bucket ON event_rollups (grain, bucket);

CREATE TABLE event_rollup_buckets (
    grain       text        NOT NULL CHECK (grain IN ('hour', 'day')),
    bucket      timestamptz NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain, bucket)
);

COMMENT ON TABLE event_rollup_buckets IS
    'The buckets whose rollups are complete and current. Queries take these buckets from event_rollups and '
    'every other bucket from events. A DELETE, UPDATE or TRUNCATE on events removes the buckets it touched '
    '(so an erasure is reflected at once); sieve_rollup_refresh() computes missing closed buckets.';

CREATE FUNCTION sieve_rollup_bucket(p_grain text, p_bucket timestamptz) RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    -- Exact widths, not calendar arithmetic (which would follow the session's time zone).
    bucket_end timestamptz := p_bucket + CASE p_grain WHEN 'hour' THEN interval '1 hour' ELSE interval '24 hours' END;
BEGIN
    DELETE FROM event_rollups WHERE grain = p_grain AND bucket = p_bucket;
    INSERT INTO event_rollups (grain, bucket, event_type, purpose, events, users)
    SELECT p_grain, p_bucket, coalesce(event_type, '*'), coalesce(purpose, '*'), count(*),
           count(DISTINCT coalesce(user_key, anonymous_key))
    FROM events
    WHERE received_at >= p_bucket AND received_at < bucket_end
    GROUP BY GROUPING SETS ((event_type, purpose), (event_type), (purpose), ())
    HAVING count(*) > 0;
    INSERT INTO event_rollup_buckets (grain, bucket) VALUES (p_grain, p_bucket)
    ON CONFLICT (grain, bucket) DO UPDATE SET computed_at = now();
END
$$;

COMMENT ON FUNCTION sieve_rollup_bucket(text, timestamptz) IS
    'Recomputes the rollups of one bucket (grain hour or day, bucket its UTC start) from events.';

CREATE FUNCTION sieve_rollup_refresh(p_cutoff timestamptz, p_max_buckets int) RETURNS int
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
    oldest timestamptz;
    todo   record;
    done   int := 0;
BEGIN
    -- One refresher at a time across nodes; the others have nothing to do meanwhile. The key is
    -- 'SIEVEROL' in ASCII.
    IF NOT pg_try_advisory_xact_lock(6001404215280422732) THEN
        RETURN 0;
    END IF;
    SELECT min(to_date(substr(c.relname, 8), 'YYYYMMDD'))::timestamp AT TIME ZONE 'UTC' INTO oldest
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'events'::regclass AND c.relname ~ '^events_[0-9]{8}$';
    IF oldest IS NULL THEN
        RETURN 0;
    END IF;
    -- Partitions dropped for retention take their rollups with them.
    DELETE FROM event_rollups WHERE bucket < oldest;
    DELETE FROM event_rollup_buckets WHERE bucket < oldest;
    FOR todo IN
        SELECT g.grain, b.bucket
        FROM (VALUES ('hour', interval '1 hour'), ('day', interval '24 hours')) AS g (grain, width)
        CROSS JOIN LATERAL generate_series(oldest, date_trunc(g.grain, p_cutoff, 'UTC') - g.width, g.width) AS b (bucket)
        WHERE NOT EXISTS (SELECT FROM event_rollup_buckets r WHERE r.grain = g.grain AND r.bucket = b.bucket)
        ORDER BY b.bucket DESC, g.grain
        LIMIT p_max_buckets
    LOOP
        PERFORM sieve_rollup_bucket(todo.grain, todo.bucket);
        done := done + 1;
    END LOOP;
    RETURN done;
END
$$;

COMMENT ON FUNCTION sieve_rollup_refresh(timestamptz, int) IS
    'Computes at most p_max_buckets missing rollup buckets (newest first) among those that ended at or '
    'before p_cutoff (now minus a settling delay, so that no event can still arrive in them), and drops '
    'rollups older than the oldest partition. Returns how many buckets it computed; 0 when up to date or '
    'when another session is refreshing.';

-- Statement triggers with transition tables: one cheap pass per DELETE or UPDATE statement (an
-- erasure), nothing at all on INSERT, so the event writer does not pay for them.
CREATE FUNCTION sieve_rollup_forget_deleted() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    -- date_bin on a UTC origin: the same buckets as date_trunc(.., 'UTC'), without a time zone
    -- lookup per row (a retention sweep may delete millions).
    WITH hours AS (
        SELECT DISTINCT date_bin('1 hour', received_at, timestamptz '2000-01-01T00:00:00Z') AS bucket FROM old_rows
    ), touched AS (
        SELECT 'hour' AS grain, bucket FROM hours
        UNION SELECT 'day', date_bin('1 day', bucket, timestamptz '2000-01-01T00:00:00Z') FROM hours
    ), forgotten AS (
        DELETE FROM event_rollup_buckets b USING touched t WHERE b.grain = t.grain AND b.bucket = t.bucket
    )
    DELETE FROM event_rollups r USING touched t WHERE r.grain = t.grain AND r.bucket = t.bucket;
    RETURN NULL;
END
$$;

CREATE FUNCTION sieve_rollup_forget_updated() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    WITH hours AS (
        SELECT date_bin('1 hour', received_at, timestamptz '2000-01-01T00:00:00Z') AS bucket FROM old_rows
        UNION SELECT date_bin('1 hour', received_at, timestamptz '2000-01-01T00:00:00Z') FROM new_rows
    ), touched AS (
        SELECT 'hour' AS grain, bucket FROM hours
        UNION SELECT 'day', date_bin('1 day', bucket, timestamptz '2000-01-01T00:00:00Z') FROM hours
    ), forgotten AS (
        DELETE FROM event_rollup_buckets b USING touched t WHERE b.grain = t.grain AND b.bucket = t.bucket
    )
    DELETE FROM event_rollups r USING touched t WHERE r.grain = t.grain AND r.bucket = t.bucket;
    RETURN NULL;
END
$$;

CREATE FUNCTION sieve_rollup_forget_all() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    DELETE FROM event_rollup_buckets;
    DELETE FROM event_rollups;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION sieve_rollup_forget_deleted() IS
    'Trigger: forgets the rollups of every bucket a DELETE on events touched, so that erased events never '
    'linger in aggregates; sieve_rollup_refresh() recomputes them.';
COMMENT ON FUNCTION sieve_rollup_forget_updated() IS
    'Trigger: forgets the rollups of every bucket an UPDATE on events touched (before or after).';
COMMENT ON FUNCTION sieve_rollup_forget_all() IS 'Trigger: forgets every rollup when events is truncated.';

CREATE TRIGGER events_rollups_on_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_rollup_forget_deleted();
CREATE TRIGGER events_rollups_on_update AFTER UPDATE ON events
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_rollup_forget_updated();
CREATE TRIGGER events_rollups_on_truncate AFTER TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_rollup_forget_all();

CREATE VIEW analytics.daily_counts AS
SELECT (r.bucket AT TIME ZONE 'UTC')::date AS day, r.event_type, r.purpose, r.events, r.users
FROM event_rollups r
WHERE r.grain = 'day'
  AND r.users >= (SELECT s.min_group_users FROM analyst_scopes s WHERE s.key_id = 'default');

COMMENT ON VIEW analytics.daily_counts IS
    'Events and distinct users per UTC day (of received_at), event type and purpose, for completed days; '
    'event_type or purpose * means all of them. Days and combinations with fewer distinct users than the '
    'privacy team''s default k are left out.';

SELECT sieve_grant_analyst_access();
