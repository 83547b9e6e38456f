-- The demo's users. Applied by dev.weft.pg.migrate in schema weft_demo (the only schema on the search path).
CREATE TABLE users (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  text NOT NULL,
    email text,
    age   integer CHECK (age BETWEEN 0 AND 150)
);

-- One address, however it is capitalised: ADA@example.org is taken when ada@example.org is.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
