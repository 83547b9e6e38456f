package dev.weft.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * How the jobs of one kind run (Celery's task decorator options): the queue they go to by default, the
 * deadline of one attempt, how many attempts they get, and the kind's stored name. Immutable; unset
 * values (null) take the {@link Jobs.Builder} defaults.
 *
 * {@snippet :
 * Jobs jobs = Jobs.builder(pool)
 *         .queue("mail", 5)
 *         .worker(SendWelcome.class, WorkerOptions.defaults().queue("mail").timeout(Duration.ofSeconds(30)).maxAttempts(5),
 *                 job -> mailer.welcome(job.userId()))
 *         .build();
 * }
 *
 * @param kind        the stored kind, or null for {@link JobKind} or the class's simple name
 * @param queue       the default queue of the kind's jobs, or null for {@code "default"}
 * @param timeout     the deadline of one attempt, or null for the builder's
 * @param maxAttempts attempts per job, or null for the builder's
 */
public record WorkerOptions(String kind, String queue, Duration timeout, Integer maxAttempts) {
    private static final WorkerOptions DEFAULTS = new WorkerOptions(null, null, null, null);

    /** Checks every value. */
    public WorkerOptions {
        if (kind != null) {
            Names.requireName("kind", kind);
        }
        if (queue != null) {
            Names.requireName("queue", queue);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
    }

    /** Nothing set. */
    public static WorkerOptions defaults() {
        return DEFAULTS;
    }

    /** A copy stored under kind {@code name}. */
    public WorkerOptions kind(String name) {
        return new WorkerOptions(Objects.requireNonNull(name, "kind"), queue, timeout, maxAttempts);
    }

    /** A copy whose jobs go to queue {@code name} unless the enqueue says otherwise. */
    public WorkerOptions queue(String name) {
        return new WorkerOptions(kind, Objects.requireNonNull(name, "queue"), timeout, maxAttempts);
    }

    /** A copy whose attempts are cancelled after {@code value} (and count as failed). */
    public WorkerOptions timeout(Duration value) {
        return new WorkerOptions(kind, queue, Objects.requireNonNull(value, "timeout"), maxAttempts);
    }

    /** A copy whose jobs get at most {@code attempts} attempts. */
    public WorkerOptions maxAttempts(int attempts) {
        return new WorkerOptions(kind, queue, timeout, attempts);
    }
}
