package dev.weft.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs a body inside a nested scope and decides, at the scope boundary, what its ending means: a
 * cancellation that this very scope caused is handed back to the caller (which throws
 * {@link DeadlineExceeded} or returns empty), anything else propagates unchanged, and an
 * {@link InterruptedException} becomes the cancellation of the enclosing scope.
 */
final class ScopedCall {
    /** Longer than any deadline anyone means, and far enough from overflow for nanoTime arithmetic. */
    static final long FOREVER_NANOS = Long.MAX_VALUE / 4;

    private ScopedCall() {
    }

    /** The body's value, or the cancellation this scope itself caused (then value is null). */
    record Result<T>(T value, Cancelled ownCancellation) {
    }

    static <T> Result<T> call(Scope scope, Callable<T> body) {
        try {
            T value = ScopedValue.where(Scope.CURRENT, scope).call(body::call);
            return new Result<>(value, null);
        } catch (Throwable t) {
            Scope.Reason own = scope.ownReason();
            if (own != null && Scope.causedByCancellation(t)) {
                return new Result<>(null, own.toException(t instanceof Cancelled ? null : t));
            }
            if (t instanceof InterruptedException e) {
                throw Scope.interrupted(e);
            }
            throw Scope.rethrow(t);
        } finally {
            scope.close();
        }
    }

    static Scope enterWithin(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Scope.enterNested(false, true, System.nanoTime() + saturatedNanos(timeout), describe(timeout));
    }

    static Scope enterUntil(Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        Duration left = Duration.between(Instant.now(), deadline);
        return Scope.enterNested(false, true, System.nanoTime() + saturatedNanos(left), deadline.toString());
    }

    static long saturatedNanos(Duration duration) {
        if (duration.compareTo(Duration.ofNanos(FOREVER_NANOS)) > 0) {
            return FOREVER_NANOS;
        }
        if (duration.compareTo(Duration.ofNanos(-FOREVER_NANOS)) < 0) {
            return -FOREVER_NANOS;
        }
        return duration.toNanos();
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() + " ms";
    }

    static <T> Callable<T> callable(CheckedRunnable body) {
        Objects.requireNonNull(body, "body");
        return () -> {
            body.run();
            return null;
        };
    }
}
