package dev.weft.pg.pool;

import dev.weft.pg.PgException;

import java.util.Objects;

/**
 * A pooled connection that ended without the pool closing it (asyncpg's termination listener): the
 * server terminated its backend ({@code pg_terminate_backend}, a shutdown, an idle timeout) or the
 * network broke. The pool replaces the connection by itself; this is for logs and metrics. Immutable.
 *
 * @param processId the backend's process id, as {@code pg_backend_pid()} reported it
 * @param cause     what ended it: the server's FATAL message (SQLSTATE {@code 57P01} after
 *                  {@code pg_terminate_backend}) or a connection error (class {@code 08})
 */
public record Termination(int processId, PgException cause) {
    /** Requires a cause. */
    public Termination {
        Objects.requireNonNull(cause, "cause");
    }
}
