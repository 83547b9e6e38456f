package dev.weft.jobs;

import java.util.Optional;

/**
 * The job the current thread runs (Celery's {@code self.request}): its id (an idempotency key that
 * stays the same across attempts), its attempt number and its limits. Bound on the handler's own
 * thread (not in tasks it spawns: pass the values on). Immutable.
 *
 * {@snippet :
 * JobHandler<Charge> charge = job -> {
 *     JobContext ctx = JobContext.current().orElseThrow();
 *     payments.charge(job.orderId(), job.cents(), "job-" + ctx.id());   // the provider dedups on the key
 * };
 * }
 *
 * @param id          the job's id
 * @param kind        its kind
 * @param queue       its queue
 * @param attempt     this attempt's number, from 1
 * @param maxAttempts the most attempts it gets
 */
public record JobContext(long id, String kind, String queue, int attempt, int maxAttempts) {
    static final ScopedValue<JobContext> CURRENT = ScopedValue.newInstance();

    /** The job the calling thread runs, or empty outside a handler. */
    public static Optional<JobContext> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** Whether this is the job's last attempt: failing it discards the job. */
    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }
}
