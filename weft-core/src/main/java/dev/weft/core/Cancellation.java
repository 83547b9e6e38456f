package dev.weft.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The SPI through which blocking operations in other modules honour the caller's deadline and
 * cancellation. Thread-safe: every method acts on the scope of the calling thread (carried by a
 * {@link ScopedValue}, inherited by the tasks it spawns); outside every Weft scope there is never a
 * deadline, {@link #check()} never throws and {@link #onAbort} registers nothing.
 *
 * <p>Rules for an operation that blocks (a socket read, a pool acquire, a query):
 * <ol>
 * <li>Before blocking, call {@link #check()}: it throws {@link Cancelled} or {@link DeadlineExceeded}
 *     when the current scope is already cancelled or past its deadline.</li>
 * <li>Use {@link #remaining()} to set the operation's own timeout (socket {@code soTimeout}).</li>
 * <li>Register an abort action with {@link #onAbort(Runnable)} for the time of the blocking call. While an
 *     abort action is registered, cancellation runs that action (from another thread) instead of
 *     interrupting the blocked thread: the HTTP client closes its socket, the PostgreSQL driver sends a
 *     CancelRequest. Without one, the blocked thread is interrupted.</li>
 * <li>When the blocking call then fails, call {@link #check()} first so that the caller sees
 *     {@code Cancelled}/{@code DeadlineExceeded} rather than the I/O error the abort caused.</li>
 * </ol>
 * Abort actions must be quick, must not throw and must not wait for the blocked thread: they run on the
 * cancelling thread (or a virtual thread of the deadline timer). An exception from one goes to that
 * thread's uncaught-exception handler, and the blocked thread is then interrupted instead.
 *
 * {@snippet :
 * Cancellation.check();
 * try (var abort = Cancellation.onAbort(() -> closeQuietly(socket))) {
 *     return in.read(buffer);
 * } catch (IOException e) {
 *     Cancellation.check();          // throws DeadlineExceeded if that is why the read failed
 *     throw new UncheckedIOException(e);
 * }
 * }
 */
public final class Cancellation {
    private static final Registration NOTHING = () -> { };

    private Cancellation() {
    }

    /** The nearest deadline of the scopes enclosing the current thread, if any. */
    public static Optional<Instant> deadline() {
        Scope scope = Scope.current();
        if (scope == null || !scope.hasDeadline()) {
            return Optional.empty();
        }
        return Optional.of(Instant.now().plusNanos(scope.deadlineNanos() - System.nanoTime()));
    }

    /** Time left before {@link #deadline()}; empty when there is none; zero or negative once it passed. */
    public static Optional<Duration> remaining() {
        Scope scope = Scope.current();
        if (scope == null || !scope.hasDeadline()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(scope.deadlineNanos() - System.nanoTime()));
    }

    /** Whether the current scope is cancelled or past its deadline: {@link #check()} without the throw. */
    public static boolean isCancelled() {
        Scope scope = Scope.current();
        return scope != null && scope.effectiveReason() != null;
    }

    /** Throws {@link Cancelled} or {@link DeadlineExceeded} if the current scope is cancelled or expired. */
    public static void check() {
        Scope scope = Scope.current();
        if (scope != null) {
            scope.throwIfCancelled();
        }
    }

    /**
     * Registers {@code action} to run once if the current scope is cancelled or its deadline expires
     * while the returned registration is open. Calls {@link #check()} first, so nothing is registered
     * in a scope that is already cancelled.
     */
    public static Registration onAbort(Runnable action) {
        Objects.requireNonNull(action, "action");
        Scope scope = Scope.current();
        if (scope == null) {
            return NOTHING;
        }
        scope.throwIfCancelled();
        return scope.register(action);
    }

    /**
     * An open abort registration; {@link #close()} unregisters it and never throws. Once {@code close()}
     * has returned the action will not start, and if it had already started it has finished.
     * Thread-safe.
     *
     * {@snippet :
     * try (Cancellation.Registration abort = Cancellation.onAbort(channel::close)) {
     *     return channel.read(buffer);
     * }
     * }
     */
    public interface Registration extends AutoCloseable {
        /** Unregisters the abort action; idempotent. */
        @Override
        void close();
    }
}
