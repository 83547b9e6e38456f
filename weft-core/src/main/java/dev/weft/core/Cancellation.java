package dev.weft.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The SPI through which blocking operations in other modules honour the caller's deadline and
 * cancellation. STUB: the weft-core implementation replaces these bodies; the signatures are the
 * contract the HTTP and PostgreSQL modules code against.
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
    private Cancellation() {
    }

    /** The nearest deadline of the scopes enclosing the current thread, if any. */
    public static Optional<Instant> deadline() {
        throw new UnsupportedOperationException("stub");
    }

    /** Time left before {@link #deadline()}; empty when there is none; zero or negative once it passed. */
    public static Optional<Duration> remaining() {
        throw new UnsupportedOperationException("stub");
    }

    /** Throws {@link Cancelled} or {@link DeadlineExceeded} if the current scope is cancelled or expired. */
    public static void check() {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Registers {@code action} to run once if the current scope is cancelled or its deadline expires
     * while the returned registration is open. Calls {@link #check()} first, so nothing is registered
     * in a scope that is already cancelled.
     */
    public static Registration onAbort(Runnable action) {
        throw new UnsupportedOperationException("stub");
    }

    /** An open abort registration; {@link #close()} unregisters it and never throws. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
