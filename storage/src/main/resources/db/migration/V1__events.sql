-- Enforced events, partitioned by receive day, and the recent-id table that makes dedupe exact.

CREATE TABLE events (
    event_id            uuid        NOT NULL,
    received_at         timestamptz NOT NULL,
    event_time          timestamptz NOT NULL,
    event_type          text        NOT NULL,
    purpose             text        NOT NULL,
    user_key            text,
    anonymous_key       text,
    ip_network          inet,
    ip_key              text,
    device_key          text,
    device_model        text,
    device_class        text,
    device_manufacturer text,
    device_os           text,
    device_os_version   text,
    user_agent          text,
    browser_family      text,
    browser_major       text,
    os_family           text,
    properties          jsonb,
    policy_version      bigint      NOT NULL,
    consent_version     bigint      NOT NULL
) PARTITION BY RANGE (received_at);

COMMENT ON TABLE events IS
    'Enforced events: only what the policy allowed for the consent in force. One partition per UTC day '
    'of received_at, named events_YYYYMMDD, created ahead by sieve_ensure_partitions(). There is no '
    'DEFAULT partition on purpose: it would block creating future partitions once it held rows. '
    'event_id is not unique here (a partitioned unique index must contain received_at); exact dedupe '
    'goes through event_ids in the same INSERT statement.';
COMMENT ON COLUMN events.received_at IS 'When ingest received the event (UTC); the partition key.';
COMMENT ON COLUMN events.event_time IS 'When the client says the event happened.';
COMMENT ON COLUMN events.user_key IS 'HMAC pseudonym of the user id, prefixed with the key id.';
COMMENT ON COLUMN events.anonymous_key IS 'HMAC pseudonym of the anonymous id.';
COMMENT ON COLUMN events.ip_network IS 'Truncated IP (the network address), when the policy truncates.';
COMMENT ON COLUMN events.ip_key IS 'HMAC pseudonym of the IP, when the policy pseudonymises it.';
COMMENT ON COLUMN events.properties IS 'Remaining allowed event properties (a JSON object).';
COMMENT ON COLUMN events.policy_version IS 'The policies.version applied to this row.';
COMMENT ON COLUMN events.consent_version IS 'The consent_subjects.version applied (0: no consent record).';

-- BRIN: tiny, and rows arrive in received_at order, so time-range scans stay cheap.
CREATE INDEX events_received_at_brin ON events USING brin (received_at);
-- For data subject requests (erasure, access) by pseudonymous user key.
CREATE INDEX events_user_key ON events (user_key) WHERE user_key IS NOT NULL;

CREATE TABLE event_ids (
    event_id    uuid        PRIMARY KEY,
    received_at timestamptz NOT NULL
);

COMMENT ON TABLE event_ids IS
    'Ids of recently stored events, checked in the same statement that inserts into events, so a '
    'retried event is stored exactly once even when the retry arrives on another day. Rows older '
    'than the dedupe window (default 7 days, PartitionMaintenance.DEFAULT_DEDUPE_WINDOW) are pruned '
    'in bounded batches; a retry arriving later than the window after the first copy would be stored again.';

CREATE INDEX event_ids_received_at ON event_ids (received_at);

CREATE FUNCTION sieve_ensure_partitions(days_back int, days_ahead int) RETURNS int
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

COMMENT ON FUNCTION sieve_ensure_partitions(int, int) IS
    'Creates the missing daily events partitions from days_back days before today (UTC) to days_ahead '
    'days after it; returns how many it created. Idempotent and safe to call concurrently.';

SELECT sieve_ensure_partitions(1, 7);
