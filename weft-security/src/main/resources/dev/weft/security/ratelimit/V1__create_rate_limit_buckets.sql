-- One token bucket per key, shared by every instance: tokens at updated_at (the database clock), and
-- full_at, when the bucket will be full again: past it the row says nothing a missing row does not,
-- so the sweep deletes it.
CREATE TABLE rate_limit_buckets (
    key        text PRIMARY KEY,
    tokens     double precision NOT NULL,
    updated_at timestamptz NOT NULL,
    full_at    timestamptz NOT NULL
);
CREATE INDEX rate_limit_buckets_full_at ON rate_limit_buckets (full_at);
