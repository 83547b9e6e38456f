package dev.weft.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Deadline blocks: Trio's {@code fail_after}/{@code move_on_after} (asyncio's {@code wait_for} and
 * {@code timeout}). Each call runs its body on the calling thread inside a new cancel scope that expires
 * at the given time; every Weft blocking call in the body, and in the tasks it spawns, honours it.
 *
 * <p>Scopes nest: an inner deadline can shorten the effective deadline but never extend it, because
 * the outer scope's expiry cancels everything inside it. When the outer deadline is the one that
 * passes, the inner block does not catch the cancellation; it travels out to the outer block.
 * A body that ends normally returns its value even if the deadline passed meanwhile.
 * If the calling scope is already cancelled, the body does not start and its cancellation is thrown.
 * Checked exceptions from the body arrive wrapped in {@link ExecutionFailed}. Thread-safe: static.
 *
 * {@snippet :
 * String body = Deadline.within(Duration.ofSeconds(2), () -> fetch(url));     // or DeadlineExceeded
 * Optional<String> maybe = Deadline.moveOnAfter(Duration.ofMillis(200), () -> fetch(url)); // or empty
 * }
 */
public final class Deadline {
    private Deadline() {
    }

    /**
     * Runs {@code body} with a deadline {@code timeout} from now (Trio's {@code fail_after}).
     *
     * @throws DeadlineExceeded if this deadline passed and ended the body
     */
    public static <T> T within(Duration timeout, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return orThrow(ScopedCall.call(ScopedCall.enterWithin(timeout), body));
    }

    /** Runs a body that returns nothing with a deadline {@code timeout} from now; see {@link #within(Duration, Callable)}. */
    public static void within(Duration timeout, CheckedRunnable body) {
        within(timeout, ScopedCall.callable(body));
    }

    /**
     * Runs {@code body} with a deadline at the instant {@code deadline} (Trio's {@code fail_at}).
     *
     * @throws DeadlineExceeded if this deadline passed and ended the body
     */
    public static <T> T at(Instant deadline, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return orThrow(ScopedCall.call(ScopedCall.enterUntil(deadline), body));
    }

    /**
     * Runs {@code body} with a deadline {@code timeout} from now and gives up quietly (Trio's
     * {@code move_on_after}): empty when this deadline ended the body, and also when the body returned null.
     */
    public static <T> Optional<T> moveOnAfter(Duration timeout, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return orEmpty(ScopedCall.call(ScopedCall.enterWithin(timeout), body));
    }

    /** Runs a body that returns nothing like {@link #moveOnAfter(Duration, Callable)}; false when the deadline ended it. */
    public static boolean moveOnAfter(Duration timeout, CheckedRunnable body) {
        return ScopedCall.call(ScopedCall.enterWithin(timeout), ScopedCall.callable(body)).ownCancellation() == null;
    }

    /** Runs {@code body} with a deadline at {@code deadline} and gives up quietly (Trio's {@code move_on_at}). */
    public static <T> Optional<T> moveOnAt(Instant deadline, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return orEmpty(ScopedCall.call(ScopedCall.enterUntil(deadline), body));
    }

    private static <T> T orThrow(ScopedCall.Result<T> result) {
        if (result.ownCancellation() != null) {
            throw result.ownCancellation();
        }
        return result.value();
    }

    private static <T> Optional<T> orEmpty(ScopedCall.Result<T> result) {
        return result.ownCancellation() != null ? Optional.empty() : Optional.ofNullable(result.value());
    }
}
