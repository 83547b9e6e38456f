package dev.weft.jobs;

import dev.weft.pg.PgQueries;

import java.time.Duration;

/** The job of the multi-process tests, and the table its runs are recorded in. */
public record Work(int n) {
    static final String RUNS = "CREATE TABLE runs (job_id bigint PRIMARY KEY, instance text NOT NULL)";

    /**
     * Records one run of job {@code id} by {@code instance} (a second run of one job fails on the key),
     * then holds its slot until two instances have run something or a while passed, so that each
     * process is seen to take part whatever the scheduling.
     */
    static void record(PgQueries db, long id, String instance) throws InterruptedException {
        db.execute("INSERT INTO public.runs (job_id, instance) VALUES ($1, $2)", id, instance);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (db.queryValue(Long.class, "SELECT count(DISTINCT instance) FROM public.runs") < 2 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }
}
