package dev.weft.core;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Shielding for clean-up code (Trio's {@code CancelScope(shield=True)}): a body run through
 * {@link #shielded(Callable)} is not reached by the cancellation or the deadline of the scopes around
 * it, so it can release resources (roll back, send a goodbye frame) after its caller was cancelled.
 * Bound the shielded work with its own {@link Deadline} inside the shield; the shield has none. When
 * the shield ends, a cancellation of the enclosing scope takes effect again at the next blocking call.
 * Thread-safe: static.
 *
 * {@snippet :
 * try {
 *     return transaction.run();
 * } finally {
 *     CancelScope.shielded(() -> Deadline.within(Duration.ofSeconds(1), () -> connection.rollback()));
 * }
 * }
 */
public final class CancelScope {
    private CancelScope() {
    }

    /** Runs {@code body} on the calling thread, shielded from every enclosing cancellation. */
    public static <T> T shielded(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return ScopedCall.call(Scope.enterNested(true, false, 0, null), body).value();
    }

    /** Runs a body that returns nothing, shielded from every enclosing cancellation. */
    public static void shielded(CheckedRunnable body) {
        shielded(ScopedCall.callable(body));
    }
}
