package dev.weft.jobs;

import java.util.Locale;

/**
 * Where a job is in its life, as stored in {@code jobs.state}.
 *
 * {@snippet :
 * if (jobs.find(id).orElseThrow().state() == JobState.COMPLETED) notifyUser();
 * }
 */
public enum JobState {
    /** Waiting to be fetched: due now. */
    AVAILABLE,
    /** Enqueued to run at a later time. */
    SCHEDULED,
    /** Fetched by a worker that holds its lease. */
    RUNNING,
    /** Its handler returned. */
    COMPLETED,
    /** An attempt failed; the next one is due at {@code run_at}. */
    RETRYABLE,
    /** Its last attempt failed: it will not run again unless {@link Jobs#retry(long) retried} by hand. */
    DISCARDED,
    /** Cancelled by {@link Jobs#cancel(long)}. */
    CANCELLED;

    /** The value stored in the database. */
    String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobState fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
