-- Retention: the privacy team's rules, closed accounts, and what the retention job already did.

CREATE TABLE retention_rules (
    name                      text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    purpose                   text        CHECK (purpose IN ('analytics', 'diagnostics', 'security', 'marketing')),
    event_type                text        CHECK (length(event_type) BETWEEN 1 AND 100),
    max_age_days              int         CHECK (max_age_days >= 1),
    after_account_closed_days int         CHECK (after_account_closed_days >= 0),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    updated_by                text        NOT NULL,
    CHECK (max_age_days IS NOT NULL OR after_account_closed_days IS NOT NULL)
);

COMMENT ON TABLE retention_rules IS
    'How long stored events are kept. A rule''s scope is its purpose and/or event type (neither: every '
    'event). Each rule deletes independently, so the strictest applicable rule wins: rows in scope '
    'received more than max_age_days ago, and rows in scope of a user whose account closed more than '
    'after_account_closed_days ago ("as long as the user has an account"). A rule without a scope and with '
    'max_age_days lets whole daily partitions be dropped. Replaced as a whole by PUT /v1/retention (audited).';

CREATE UNIQUE INDEX retention_rules_scope ON retention_rules (coalesce(purpose, ''), coalesce(event_type, ''));

CREATE TABLE rights_account_closures (
    subject_hash text        PRIMARY KEY CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
    user_keys    text[]      NOT NULL,
    closed_at    timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    job_id       uuid        NOT NULL REFERENCES rights_jobs (id)
);

COMMENT ON TABLE rights_account_closures IS
    'Closed accounts: when each closed (starts the clock of rules with after_account_closed_days) and the '
    'user''s pseudonyms under the keys usable then, to find the rows. Removed by an erasure.';

CREATE TABLE rights_closure_purges (
    subject_hash text        NOT NULL REFERENCES rights_account_closures (subject_hash) ON DELETE CASCADE,
    scope        text        NOT NULL,
    purged_at    timestamptz NOT NULL DEFAULT now(),
    rows_deleted bigint      NOT NULL,
    job_id       uuid        NOT NULL REFERENCES rights_jobs (id),
    PRIMARY KEY (subject_hash, scope)
);

COMMENT ON TABLE rights_closure_purges IS
    'Which retention scopes (purpose|event_type) were already purged for a closed account, so each is '
    'purged once; a rule added later still applies to accounts closed before.';

CREATE TABLE rights_retention_sweeps (
    scope        text        NOT NULL,
    partition    text        NOT NULL,
    swept_at     timestamptz NOT NULL DEFAULT now(),
    rows_deleted bigint      NOT NULL,
    job_id       uuid        NOT NULL REFERENCES rights_jobs (id),
    PRIMARY KEY (scope, partition)
);

COMMENT ON TABLE rights_retention_sweeps IS
    'Daily partitions a retention scope (purpose|event_type) has been swept in after the whole day had '
    'expired: no row can arrive in a past day, so they are not scanned again.';
