package dev.weft.pg.pool;

import dev.weft.pg.PgConnection;

/**
 * Work done with a connection borrowed from a {@link PgPool} for exclusive use, through
 * {@link PgPool#withConnection(ConnectionFunction)}. The connection must not be used after the function
 * returns. Checked exceptions reach the caller wrapped in {@link java.util.concurrent.CompletionException}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ConnectionFunction<T> {
    /** Runs the work and returns its result (null is fine). */
    T apply(PgConnection connection) throws Exception;
}
