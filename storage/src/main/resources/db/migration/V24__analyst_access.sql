-- Analysts' access to enforced events: a read-only SQL role that sees only the analytics schema,
-- and the privacy team's per-key scopes (purposes, minimum group size) for the HTTP query API.

-- Roles belong to the cluster, not the database: several Sieve databases (and every test database
-- on a shared test server) run this, possibly at the same time, and the service user may lack
-- CREATEROLE. So: create only if missing, tolerate a concurrent creator, and when not allowed, say
-- so and carry on (SQL access then waits for an administrator; see docs/analysts.md).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sieve_analyst') THEN
        BEGIN
            CREATE ROLE sieve_analyst NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'sieve_analyst not created: this user lacks CREATEROLE; SQL access for analysts is off';
                RETURN;
        END;
    END IF;
    BEGIN
        COMMENT ON ROLE sieve_analyst IS
            'Group role of Sieve analysts'' SQL logins: SELECT on the views of schema analytics only (enforced '
            'events, never consent, keys, audit or dedupe tables). Logins: sieve_ensure_analyst_login().';
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
END
$$;

CREATE SCHEMA analytics;

COMMENT ON SCHEMA analytics IS
    'What analysts may read with their own SQL tools: views over the enforced events. Nothing here holds '
    'a raw identifier; user_key, anonymous_key, ip_key and device_key are keyed pseudonyms.';

-- A plain view (no security_barrier): it has no conditions of its own to protect, and a barrier would
-- keep the caller's time-range conditions from pruning partitions.
CREATE VIEW analytics.events AS
SELECT event_id, received_at, event_time, event_type, purpose,
       user_key, anonymous_key, coalesce(user_key, anonymous_key) AS actor_key,
       ip_network, ip_key, device_key, device_model, device_class, device_manufacturer, device_os,
       device_os_version, user_agent, browser_family, browser_major, os_family, properties,
       policy_version, consent_version, consented
FROM public.events;

COMMENT ON VIEW analytics.events IS
    'Every stored (enforced) event: only what the privacy policy let through for the consent in force. '
    'actor_key is the pseudonym analysts count distinct users by: user_key, else anonymous_key. Filter on '
    'received_at (UTC) so that only the needed daily partitions are read.';

CREATE TABLE analyst_scopes (
    key_id          text        PRIMARY KEY CHECK (key_id = 'default' OR key_id ~ '^[0-9a-f]{12}$'),
    purposes        text[]      CHECK (purposes <@ ARRAY['analytics', 'diagnostics', 'security', 'marketing']
                                       AND cardinality(purposes) >= 1),
    min_group_users int         CHECK (min_group_users BETWEEN 2 AND 1000),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text        NOT NULL,
    reason          text        NOT NULL,
    CHECK (key_id <> 'default' OR min_group_users IS NOT NULL)
);

COMMENT ON TABLE analyst_scopes IS
    'What the privacy team lets each analyst API key see. key_id: the first 12 hex digits of SHA-256 of '
    'the key (as in audit actors), or default for keys without a row of their own. purposes: the purposes '
    'whose events the key may query or export (NULL: all). min_group_users: k, the fewest distinct users '
    'an aggregate group must have to be shown (NULL: the default row''s). Changes are audited.';

INSERT INTO analyst_scopes (key_id, purposes, min_group_users, updated_by, reason)
VALUES ('default', NULL, 5, 'system', 'initial default: every purpose, groups of at least 5 users');

CREATE FUNCTION sieve_grant_analyst_access() RETURNS boolean
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sieve_analyst') THEN
        RETURN false;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO sieve_analyst', current_database());
    GRANT USAGE ON SCHEMA analytics TO sieve_analyst;
    GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO sieve_analyst;
    -- Explicit, in case someone granted more by hand: nothing outside analytics.
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM sieve_analyst;
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM sieve_analyst;
    REVOKE CREATE ON SCHEMA public FROM sieve_analyst;
    ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO sieve_analyst;
    RETURN true;
END
$$;

COMMENT ON FUNCTION sieve_grant_analyst_access() IS
    'Grants sieve_analyst read access to the analytics schema of this database (and nothing else); false '
    'when the role does not exist. Idempotent; run by the migrations and again by each login creation.';

CREATE FUNCTION sieve_ensure_analyst_login(login text, scram_verifier text, timeout_ms int) RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
BEGIN
    IF login !~ '^[a-z_][a-z0-9_]{0,62}$' OR login LIKE 'pg\_%' OR login IN ('sieve_analyst', current_user) THEN
        RAISE EXCEPTION 'not an acceptable analyst login name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF scram_verifier !~ '^SCRAM-SHA-256\$' THEN
        RAISE EXCEPTION 'the password must be given as a SCRAM-SHA-256 verifier' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT sieve_grant_analyst_access() THEN
        RAISE EXCEPTION 'role sieve_analyst does not exist' USING ERRCODE = 'undefined_object';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
        -- Never take over a role that is not already an analyst login (e.g. the service's own).
        IF NOT EXISTS (SELECT FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                       JOIN pg_roles r ON r.oid = m.member
                       WHERE g.rolname = 'sieve_analyst' AND r.rolname = login)
           OR EXISTS (SELECT FROM pg_roles WHERE rolname = login AND (rolsuper OR rolcreaterole OR rolcreatedb)) THEN
            RAISE EXCEPTION 'role exists and is not an analyst login' USING ERRCODE = 'insufficient_privilege';
        END IF;
        EXECUTE format('ALTER ROLE %I WITH LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
                       login, scram_verifier);
    ELSE
        BEGIN
            EXECUTE format('CREATE ROLE %I WITH LOGIN INHERIT PASSWORD %L IN ROLE sieve_analyst',
                           login, scram_verifier);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            EXECUTE format('ALTER ROLE %I WITH PASSWORD %L', login, scram_verifier);
        END;
    END IF;
    -- Settings of the login itself (a group's settings do not apply to its members' sessions).
    EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', login);
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', login, timeout_ms);
    EXECUTE format('ALTER ROLE %I SET search_path = analytics', login);
    EXECUTE format('ALTER ROLE %I CONNECTION LIMIT 10', login);
END
$$;

COMMENT ON FUNCTION sieve_ensure_analyst_login(text, text, int) IS
    'Creates or updates an analyst SQL login: member of sieve_analyst, read-only sessions, a statement '
    'timeout in ms, search_path analytics, at most 10 connections. Takes a SCRAM-SHA-256 verifier, never a '
    'plain password, so that no password reaches the server log. Refuses to change a role that is not '
    'already an analyst login. Needs CREATEROLE.';

SELECT sieve_grant_analyst_access();
