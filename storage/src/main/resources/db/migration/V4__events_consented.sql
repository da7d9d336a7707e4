-- Whether the event's purpose counted as consented when it was enforced.

-- Nullable, without a default: a metadata-only change, instant even on large partitions.
ALTER TABLE events ADD COLUMN consented boolean;

COMMENT ON COLUMN events.consented IS
    'Whether the event''s purpose counted as consented when it was enforced, i.e. whether the policy''s '
    '"withConsent" rules were applied (true) or its "withoutConsent" rules (false). Consent-based purposes '
    'count as consented only on an explicit grant; other legal bases always do. NULL on rows stored '
    'before this column existed (schema version 3 and earlier).';
