-- weft-jobs: the jobs table. Applied by dev.weft.pg.migrate.Migrations with search_path set to the
-- jobs' schema, so the names below land there.
CREATE TABLE jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue        text        NOT NULL CHECK (length(queue) BETWEEN 1 AND 128),
    kind         text        NOT NULL CHECK (length(kind) BETWEEN 1 AND 128),
    args         jsonb       NOT NULL,
    state        text        NOT NULL CHECK (state IN ('available', 'scheduled', 'running', 'completed',
                                                       'retryable', 'discarded', 'cancelled')),
    priority     int         NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 100),
    attempt      int         NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts int         NOT NULL CHECK (max_attempts > 0),
    run_at       timestamptz NOT NULL DEFAULT now(),
    attempted_at timestamptz,
    lease_until  timestamptz,
    attempted_by text,
    errors       jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(errors) = 'array'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    CHECK ((state = 'running') = (lease_until IS NOT NULL))
);

-- The fetch: the first due jobs of a queue by priority, due time, id.
CREATE INDEX jobs_fetch ON jobs (queue, priority, run_at, id) WHERE state = 'available';
-- Scheduled and retryable jobs made available when due.
CREATE INDEX jobs_due ON jobs (run_at) WHERE state IN ('scheduled', 'retryable');
-- Expired leases to rescue, and the heartbeat of one instance.
CREATE INDEX jobs_leases ON jobs (lease_until) WHERE state = 'running';
-- Pruning of finished jobs.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('completed', 'discarded', 'cancelled');
