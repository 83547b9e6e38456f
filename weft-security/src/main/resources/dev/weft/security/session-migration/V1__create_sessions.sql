-- Sessions of weft-security's PgSessionStore, in the store's own schema (weft_session by default).
-- id_hash is the SHA-256 of the id the cookie carries: the table never holds a usable cookie.
CREATE TABLE sessions (
    id_hash        bytea PRIMARY KEY CHECK (octet_length(id_hash) = 32),
    data           jsonb NOT NULL,
    created_at     timestamptz NOT NULL,
    last_access_at timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
