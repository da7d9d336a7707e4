-- The hash-chained audit log of privacy-relevant changes (policy versions, activations, ...).

CREATE TABLE audit_log (
    seq       bigint      PRIMARY KEY CHECK (seq >= 1),
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    subject   text        NOT NULL,
    reason    text        NOT NULL,
    details   jsonb       NOT NULL,
    prev_hash bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash      bytea       NOT NULL CHECK (octet_length(hash) = 32)
);

COMMENT ON TABLE audit_log IS
    'Append-only, hash-chained record of every privacy-relevant change: who (actor), when (at), what '
    '(action on subject), why (reason) and the change itself (details, e.g. a policy diff). Never holds '
    'personal data: subjects are like policy:5, or a SHA-256 hex of a user id. seq runs 1, 2, 3, ... '
    'without gaps; appends are serialised by a transaction-level advisory lock and commit together with '
    'the change they record. '
    'hash = SHA-256(prev_hash || C), where prev_hash is the previous entry''s hash (32 zero bytes for '
    'seq 1) and C is the UTF-8 encoding of the JSON array [seq, at_us, actor, action, subject, reason, '
    'details] in canonical form: at_us = at as integer microseconds since 1970-01-01T00:00:00Z; no '
    'whitespace; object keys sorted by Unicode code point; strings escape only " \ and U+0000-U+001F '
    '(as \b \f \n \r \t, else \u00xx in lower-case hex), everything else written as is; numbers in plain '
    'decimal notation without exponent or trailing fractional zeros (100, -3, 1.5); true, false, null. '
    'This is Python''s json.dumps([...], sort_keys=True, separators=(",", ":"), ensure_ascii=False) for '
    'integers and strings. GET /v1/audit/verify (AuditLog.verify) recomputes the chain.';
COMMENT ON COLUMN audit_log.at IS 'When the entry was appended (database clock, microsecond precision).';
COMMENT ON COLUMN audit_log.actor IS 'Who made the change: an API key name or system.';
COMMENT ON COLUMN audit_log.action IS 'What was done, e.g. policy.create, policy.activate, policy.rollback.';
COMMENT ON COLUMN audit_log.subject IS 'What it was done to, e.g. policy:5; never a raw identifier.';
COMMENT ON COLUMN audit_log.details IS 'The change as a JSON object (e.g. {"version": 5, "diff": [...]}).';
COMMENT ON COLUMN audit_log.prev_hash IS 'The hash of entry seq - 1 (32 zero bytes for seq 1).';
COMMENT ON COLUMN audit_log.hash IS 'SHA-256(prev_hash || canonical form), see the table comment.';

-- Guards against accidents and casual edits, not against a superuser (who can disable triggers):
-- that is what the hash chain is for.
CREATE FUNCTION sieve_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: its rows are immutable', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

COMMENT ON FUNCTION sieve_reject_change() IS
    'Trigger function that rejects the statement: for append-only and immutable tables.';

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sieve_reject_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_reject_change();
