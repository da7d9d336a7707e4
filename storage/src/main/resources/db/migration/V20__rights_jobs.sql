-- Users' rights as durable jobs: withdrawal reaching stored rows, erasure, export, account
-- closure, retention. Receipts record what each job changed.

CREATE TABLE rights_jobs (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL
                                CHECK (kind IN ('withdrawal', 'erasure', 'export', 'account_closed', 'retention')),
    subject_hash    text        CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
    user_keys       text[],
    params          jsonb       NOT NULL DEFAULT '{}',
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
    attempts        int         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    idempotency_key text        NOT NULL UNIQUE,
    requested_by    text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    not_before      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    lease_token     uuid,
    lease_until     timestamptz,
    progress        jsonb       NOT NULL DEFAULT '{}',
    result          jsonb,
    last_error      text
);

COMMENT ON TABLE rights_jobs IS
    'Users'' rights requests and housekeeping as durable jobs (dev.sieve.storage.rights.JobRunner). '
    'State machine: pending -> running -> done, or back to pending after a failure (until max attempts, '
    'then failed). A runner claims a job with FOR UPDATE SKIP LOCKED and holds it by a lease: lease_token '
    'is new on every claim and every step of the job commits only while the row still carries that token '
    '(a fencing token), so a runner that lost its lease cannot change anything, and a job whose runner '
    'died is claimed again once lease_until has passed. Never holds a raw user id: subject_hash is the '
    'SHA-256 hex of the id; user_keys are the user''s pseudonyms (what events.user_key holds) under every '
    'usable key, kept while the job runs and cleared when it is done.';
COMMENT ON COLUMN rights_jobs.kind IS
    'withdrawal (consent withdrawn: apply the policy''s without-consent rules to stored rows), erasure, '
    'export (streamed synchronously; recorded here for the list and the audit), account_closed, retention.';
COMMENT ON COLUMN rights_jobs.user_keys IS
    'Pseudonyms of the user id under every key still usable when computed; NULL once done.';
COMMENT ON COLUMN rights_jobs.params IS 'What was asked, e.g. {"purpose": "analytics", "consentVersion": 7}.';
COMMENT ON COLUMN rights_jobs.idempotency_key IS
    'Repeating a request with the same key returns the same job instead of creating another.';
COMMENT ON COLUMN rights_jobs.not_before IS 'Not claimed before this time (retry backoff, erasure settle delay).';
COMMENT ON COLUMN rights_jobs.progress IS
    'Where a running job stands (cursor and counters), saved in the same transaction as each step it counts.';
COMMENT ON COLUMN rights_jobs.result IS 'What the job did, as recorded in its audit entry.';
COMMENT ON COLUMN rights_jobs.last_error IS 'The last failure: a safe message, never data.';

CREATE INDEX rights_jobs_open ON rights_jobs (not_before) WHERE state IN ('pending', 'running');
CREATE INDEX rights_jobs_subject ON rights_jobs (subject_hash, created_at) WHERE subject_hash IS NOT NULL;
CREATE INDEX rights_jobs_created ON rights_jobs (created_at);
-- One open erasure or closure per subject: a repeated request joins the open job.
CREATE UNIQUE INDEX rights_jobs_one_open ON rights_jobs (kind, subject_hash)
    WHERE state IN ('pending', 'running') AND kind IN ('erasure', 'account_closed');

CREATE TABLE rights_receipts (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id         uuid        NOT NULL REFERENCES rights_jobs (id),
    kind           text        NOT NULL,
    subject_hash   text,
    user_key       text,
    purpose        text,
    rule           text,
    rows_changed   bigint      NOT NULL CHECK (rows_changed >= 0),
    policy_version bigint,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz NOT NULL,
    details        jsonb       NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE rights_receipts IS
    'What each completed job changed, for the privacy team to show: who (subject_hash, and user_key: the '
    'user''s pseudonym under the active key), which purpose or retention rule, how many rows, under which '
    'policy version, from when to when. Written in the transaction that completes the job, so exactly once. '
    'Append-only, except that an erasure clears user_key (the receipt stays, no longer linkable).';

CREATE INDEX rights_receipts_job ON rights_receipts (job_id);
CREATE INDEX rights_receipts_subject ON rights_receipts (subject_hash) WHERE subject_hash IS NOT NULL;

CREATE TRIGGER rights_receipts_append_only BEFORE UPDATE ON rights_receipts
    FOR EACH ROW
    WHEN (NEW.user_key IS NOT NULL
          OR (OLD.id, OLD.job_id, OLD.kind, OLD.subject_hash, OLD.purpose, OLD.rule, OLD.rows_changed,
              OLD.policy_version, OLD.started_at, OLD.finished_at, OLD.details)
             IS DISTINCT FROM (NEW.id, NEW.job_id, NEW.kind, NEW.subject_hash, NEW.purpose, NEW.rule,
              NEW.rows_changed, NEW.policy_version, NEW.started_at, NEW.finished_at, NEW.details))
    EXECUTE FUNCTION sieve_reject_change();
CREATE TRIGGER rights_receipts_no_delete BEFORE DELETE ON rights_receipts
    FOR EACH ROW EXECUTE FUNCTION sieve_reject_change();
CREATE TRIGGER rights_receipts_no_truncate BEFORE TRUNCATE ON rights_receipts
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_reject_change();

-- convert_to is only STABLE (it depends on the database encoding, which never changes for a
-- database): the wrapper is declared IMMUTABLE so that it can back an index.
CREATE FUNCTION sieve_subject_hash(subject text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(subject, 'UTF8')), 'hex')
$$;

COMMENT ON FUNCTION sieve_subject_hash(text) IS
    'SHA-256 hex of a subject id in UTF-8: the name of a subject wherever its id must not appear '
    '(NOTIFY payloads, audit subjects, rights jobs). Equals SubjectHash in Java.';

-- A job keyed by hash finds the subject's registry rows without storing the raw id.
CREATE INDEX consent_subjects_hash ON consent_subjects (sieve_subject_hash(subject_id));

CREATE FUNCTION sieve_enqueue_withdrawal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    previous text;
    hash     text;
BEGIN
    IF NEW.state <> 'denied' THEN
        RETURN NULL;
    END IF;
    SELECT h.state INTO previous FROM consent_history h
     WHERE h.subject_id = NEW.subject_id AND h.purpose = NEW.purpose AND h.id < NEW.id
     ORDER BY h.id DESC LIMIT 1;
    IF previous IS DISTINCT FROM 'granted' THEN
        RETURN NULL;
    END IF;
    hash := sieve_subject_hash(NEW.subject_id);
    INSERT INTO rights_jobs (id, kind, subject_hash, params, idempotency_key, requested_by)
    VALUES (gen_random_uuid(), 'withdrawal', hash,
            jsonb_build_object('purpose', NEW.purpose, 'consentVersion', NEW.version, 'source', NEW.source),
            'withdrawal:' || hash || ':' || NEW.purpose || ':' || NEW.version, 'consent:' || NEW.source)
    ON CONFLICT (idempotency_key) DO NOTHING;
    PERFORM pg_notify('sieve_rights', 'withdrawal');
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION sieve_enqueue_withdrawal() IS
    'After a consent change is recorded: a purpose going from granted to denied enqueues a withdrawal '
    'job in the same transaction, whichever code path recorded it (API, import, events), so no path can '
    'forget it and a crash cannot lose it. The job names the subject by hash only.';

CREATE TRIGGER consent_history_withdrawal AFTER INSERT ON consent_history
    FOR EACH ROW EXECUTE FUNCTION sieve_enqueue_withdrawal();
