package dev.weft.jobs;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pause before a failed job's next attempt: exponential, capped, with "equal jitter" (a random
 * part of up to half the pause is taken off) so that jobs failing together do not retry together,
 * while the pause never falls below half its nominal value. Not weft-core's {@code Retry}: that one
 * sleeps between attempts inside one call, while this pause is written to {@code run_at} and waited
 * out by the database.
 */
record Backoff(Duration initial, Duration max) {
    Backoff {
        Objects.requireNonNull(initial, "initial backoff");
        Objects.requireNonNull(max, "max backoff");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " < initial backoff " + initial);
        }
    }

    /** The nominal (largest) pause after failed attempt {@code attempt} (1 or more). */
    Duration ceiling(int attempt) {
        double nanos = initial.toNanos() * Math.pow(2, Math.min(attempt - 1, 62));
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /** A pause between half the ceiling and the ceiling. */
    Duration pauseAfter(int attempt) {
        long ceiling = ceiling(attempt).toNanos();
        long half = ceiling / 2;
        return Duration.ofNanos(ceiling - ThreadLocalRandom.current().nextLong(half + 1));
    }
}
