-- The consent registry: a version counter per subject, the current state per purpose, the history.

CREATE TABLE consent_subjects (
    subject_id text        PRIMARY KEY,
    version    bigint      NOT NULL CHECK (version >= 1),
    updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE consent_subjects IS
    'One row per subject (user id or anonymous id) the registry has heard of. version is the subject''s '
    'consent version: 1 on the first change, +1 on every later change of any purpose (the upsert locks '
    'the row, so concurrent changes get distinct, increasing versions). A subject without a row has '
    'version 0 (unknown, treated as denied). Stored events carry this version.';

CREATE TABLE consent_state (
    subject_id text        NOT NULL REFERENCES consent_subjects (subject_id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('analytics', 'diagnostics', 'security', 'marketing')),
    state      text        NOT NULL CHECK (state IN ('granted', 'denied')),
    version    bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    source     text        NOT NULL,
    PRIMARY KEY (subject_id, purpose)
);

COMMENT ON TABLE consent_state IS
    'The current choice per subject and purpose; a purpose without a row is unknown (denied). version '
    'is the consent_subjects.version of the change that set this row; source says who set it (api, event).';

CREATE TABLE consent_history (
    id         bigserial   PRIMARY KEY,
    subject_id text        NOT NULL,
    purpose    text        NOT NULL,
    state      text        NOT NULL CHECK (state IN ('granted', 'denied')),
    version    bigint      NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    source     text        NOT NULL
);

COMMENT ON TABLE consent_history IS
    'Append-only record of every consent change (one row per purpose named in a change), for audits '
    'and data subject access requests. Never updated; rows are only deleted by erasure.';

CREATE INDEX consent_history_subject ON consent_history (subject_id, id);
