-- Policy versions become immutable; activations are recorded so that a rollback is well defined.

CREATE TABLE policy_activations (
    seq     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version bigint      NOT NULL REFERENCES policies (version),
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text        NOT NULL,
    reason  text        NOT NULL
);

COMMENT ON TABLE policy_activations IS
    'Append-only: one row each time a policy version became the active one (create-and-activate, '
    'activate, rollback, the default seeding). The latest row is the active version; a rollback '
    're-activates the latest earlier row''s version that differs from the active one.';

INSERT INTO policy_activations (version, at, actor, reason)
SELECT version, created_at, created_by, reason FROM policies WHERE active;

COMMENT ON TABLE policies IS
    'Immutable policy versions (document: the PolicyJson format as submitted, without the version). Only '
    'active may change, and exactly one row is active once seeded; the first start seeds the default '
    'policy as version 1. Triggers reject changing any other column, DELETE and TRUNCATE.';

CREATE TRIGGER policies_immutable BEFORE UPDATE ON policies
    FOR EACH ROW
    WHEN ((OLD.version, OLD.document, OLD.created_at, OLD.created_by, OLD.reason)
          IS DISTINCT FROM (NEW.version, NEW.document, NEW.created_at, NEW.created_by, NEW.reason))
    EXECUTE FUNCTION sieve_reject_change();
CREATE TRIGGER policies_no_delete BEFORE DELETE ON policies
    FOR EACH ROW EXECUTE FUNCTION sieve_reject_change();
CREATE TRIGGER policies_no_truncate BEFORE TRUNCATE ON policies
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_reject_change();

CREATE TRIGGER policy_activations_append_only BEFORE UPDATE OR DELETE ON policy_activations
    FOR EACH ROW EXECUTE FUNCTION sieve_reject_change();
CREATE TRIGGER policy_activations_no_truncate BEFORE TRUNCATE ON policy_activations
    FOR EACH STATEMENT EXECUTE FUNCTION sieve_reject_change();
