package dev.weft.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How one enqueue differs from its kind's defaults (Celery's {@code apply_async} options): the queue,
 * the priority, when it runs and how many attempts it gets. Immutable: each {@code with}-style method
 * returns a copy. Unset values (null) take the kind's {@link WorkerOptions}, then the {@link Jobs.Builder}
 * defaults.
 *
 * {@snippet :
 * jobs.enqueue(tx, new SendReminder(userId), EnqueueOptions.defaults()
 *         .queue("mail")
 *         .priority(1)
 *         .runAfter(Duration.ofHours(24))
 *         .maxAttempts(3));
 * }
 *
 * @param queue       the queue, or null for the kind's
 * @param priority    0 (first) to {@value #MAX_PRIORITY}; jobs of a queue run by priority, then due time, then id
 * @param runAt       the instant it becomes due, or null
 * @param runAfter    how long after the enqueue (by the database's clock) it becomes due, or null
 * @param maxAttempts the most attempts, or null for the kind's
 */
public record EnqueueOptions(String queue, int priority, Instant runAt, Duration runAfter, Integer maxAttempts) {
    /** The largest priority number, the last to run. */
    public static final int MAX_PRIORITY = 100;
    private static final EnqueueOptions DEFAULTS = new EnqueueOptions(null, 0, null, null, null);

    /** Checks every value. */
    public EnqueueOptions {
        if (queue != null) {
            Names.requireName("queue", queue);
        }
        if (priority < 0 || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be 0.." + MAX_PRIORITY + ": " + priority);
        }
        if (runAt != null && runAfter != null) {
            throw new IllegalArgumentException("runAt and runAfter are exclusive: " + runAt + ", " + runAfter);
        }
        if (runAfter != null && runAfter.isNegative()) {
            throw new IllegalArgumentException("runAfter < 0: " + runAfter);
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
    }

    /** Nothing set: the kind's queue and attempts, priority 0, due now. */
    public static EnqueueOptions defaults() {
        return DEFAULTS;
    }

    /** A copy on queue {@code name}. */
    public EnqueueOptions queue(String name) {
        return new EnqueueOptions(Objects.requireNonNull(name, "queue"), priority, runAt, runAfter, maxAttempts);
    }

    /** A copy with priority {@code value} (0 runs first). */
    public EnqueueOptions priority(int value) {
        return new EnqueueOptions(queue, value, runAt, runAfter, maxAttempts);
    }

    /** A copy due at {@code instant} (Celery's {@code eta}); a past instant means now. */
    public EnqueueOptions runAt(Instant instant) {
        return new EnqueueOptions(queue, priority, Objects.requireNonNull(instant, "runAt"), null, maxAttempts);
    }

    /** A copy due {@code delay} after the enqueue, by the database's clock (Celery's {@code countdown}). */
    public EnqueueOptions runAfter(Duration delay) {
        return new EnqueueOptions(queue, priority, null, Objects.requireNonNull(delay, "runAfter"), maxAttempts);
    }

    /** A copy that gets at most {@code attempts} attempts. */
    public EnqueueOptions maxAttempts(int attempts) {
        return new EnqueueOptions(queue, priority, runAt, runAfter, attempts);
    }
}
