-- Erasure: the tombstone that proves it, and the quarantine that keeps late events out.

CREATE TABLE rights_erasures (
    job_id               uuid        PRIMARY KEY REFERENCES rights_jobs (id),
    subject_hash         text        NOT NULL CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
    key_ids              text[]      NOT NULL,
    requested_at         timestamptz NOT NULL,
    erased_at            timestamptz NOT NULL,
    events_deleted       bigint      NOT NULL CHECK (events_deleted >= 0),
    consent_rows_deleted bigint      NOT NULL CHECK (consent_rows_deleted >= 0),
    quarantine_until     timestamptz NOT NULL,
    requested_by         text        NOT NULL
);

COMMENT ON TABLE rights_erasures IS
    'Tombstones: one row per completed erasure, all that is left of the subject. It proves the erasure '
    '(who asked, when it was done, how many event and consent rows went, under which pseudonym key ids) '
    'and names the subject by the SHA-256 hex of its id only. Immutable.';

CREATE INDEX rights_erasures_subject ON rights_erasures (subject_hash);

CREATE TRIGGER rights_erasures_immutable BEFORE UPDATE OR DELETE ON rights_erasures
    FOR EACH ROW EXECUTE FUNCTION sieve_reject_change();
CREATE TRIGGER rights_erasures_no_truncate BEFORE TRUNCATE ON rights_erasures
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_reject_change();

CREATE TABLE rights_quarantine (
    user_key text        PRIMARY KEY,
    until    timestamptz NOT NULL,
    job_id   uuid        NOT NULL REFERENCES rights_jobs (id)
);

COMMENT ON TABLE rights_quarantine IS
    'Pseudonyms of erased users: ingest drops their events until "until" (dev.sieve.storage.rights.Quarantine, '
    'refreshed on NOTIFY sieve_quarantine). Written when the erasure is requested, before any row is '
    'deleted; expired entries are removed by the retention job.';
