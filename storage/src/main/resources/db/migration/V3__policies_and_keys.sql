-- Versioned enforcement policies and hashed API keys.

CREATE TABLE policies (
    version    bigint      PRIMARY KEY CHECK (version >= 1),
    document   jsonb       NOT NULL,
    active     boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text        NOT NULL,
    reason     text        NOT NULL
);

COMMENT ON TABLE policies IS
    'Immutable policy versions (document: the PolicyJson format, without the version). Exactly one '
    'row is active once seeded; the first start seeds the default policy as version 1.';

CREATE UNIQUE INDEX policies_one_active ON policies (active) WHERE active;

CREATE TABLE api_keys (
    key_hash   bytea       PRIMARY KEY CHECK (octet_length(key_hash) = 32),
    role       text        NOT NULL CHECK (role IN ('writer', 'consent', 'privacy-admin', 'analyst')),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE api_keys IS
    'API keys by SHA-256 of the raw key (the raw key is never stored) with the role it grants.';
