-- Who may sign in (dev.weft.examples.auth): a name and an Argon2id hash in PHC format, never the password.
CREATE TABLE accounts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX accounts_username_key ON accounts (username);
