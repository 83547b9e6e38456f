package dev.weft.http.client;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection lent to one response until its body has been read, the response is closed, or its
 * leak is detected: whichever comes first gives it back, exactly once. Thread-safe, because the
 * leak detector gives it back from the {@link java.lang.ref.Cleaner}'s thread.
 */
final class Lease {
    final ClientConnection connection;
    private final ConnectionPool pool;
    private final AtomicBoolean returned = new AtomicBoolean();

    Lease(ClientConnection connection, ConnectionPool pool) {
        this.connection = connection;
        this.pool = pool;
    }

    /** Gives the connection back: pooled when {@code reusable}, else closed. */
    void giveBack(boolean reusable) {
        if (returned.compareAndSet(false, true)) {
            pool.recycle(connection, reusable);
        }
    }

    /** Hands the connection over to a new owner (a WebSocket) and frees its pool slot. */
    ClientConnection detach() {
        if (!returned.compareAndSet(false, true)) {
            throw new IllegalStateException("connection already given back");
        }
        pool.release(connection.endpoint);
        return connection;
    }

    boolean returned() {
        return returned.get();
    }
}
