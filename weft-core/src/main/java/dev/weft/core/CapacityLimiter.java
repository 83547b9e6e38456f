package dev.weft.core;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A bound on how many callers may do something at once: Trio's {@code CapacityLimiter}, asyncio's
 * {@code Semaphore}. Permits are taken in arrival order and given back by closing them, so a
 * try-with-resources block can never leak one. Thread-safe.
 *
 * {@snippet :
 * CapacityLimiter limiter = CapacityLimiter.create(10);
 * try (var permit = limiter.acquire()) {     // blocks while 10 are out; honours cancellation
 *     return http.get(url).text();
 * }
 * }
 */
public interface CapacityLimiter {
    /**
     * Creates a limiter with {@code capacity} permits.
     *
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    static CapacityLimiter create(int capacity) {
        return new RealCapacityLimiter(capacity);
    }

    /**
     * Takes a permit, waiting while none is free. Blocks; ends with {@link Cancelled} or
     * {@link DeadlineExceeded} if the caller is cancelled while waiting (then no permit is taken).
     */
    Permit acquire();

    /** Takes a permit if one is free right now; empty otherwise. Never blocks. */
    Optional<Permit> tryAcquire();

    /** Runs {@code body} holding a permit: {@link #acquire()}, call, release. */
    default <T> T call(Callable<T> body) {
        Permit permit = acquire();
        try {
            return body.call();
        } catch (Exception e) {
            throw Scope.rethrow(e);
        } finally {
            permit.close();
        }
    }

    /** The number of permits, as created. */
    int capacity();

    /** Permits free right now; a snapshot that may be stale as soon as it is returned. */
    int available();

    /**
     * A taken permit; closing it gives it back. Closing twice gives it back once. Thread-safe.
     *
     * {@snippet :
     * limiter.tryAcquire().ifPresentOrElse(permit -> {
     *     try (permit) { work(); }
     * }, () -> reject());
     * }
     */
    interface Permit extends AutoCloseable {
        /** Gives the permit back; idempotent, never throws. */
        @Override
        void close();
    }
}
