-- The live feed's change log (dev.weft.examples.feed.ChangeLog): every change to a user, written with
-- NOTIFY user_changes in the transaction that made it; ids grow in commit order (see ChangeLog).
CREATE TABLE user_changes (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind    text NOT NULL CHECK (kind IN ('created', 'updated', 'deleted')),
    user_id bigint NOT NULL,
    data    jsonb NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
