package dev.weft.pg.pool;

/**
 * How a {@link PgPool} hands connections to its non-transactional convenience calls ({@code query},
 * {@code queryOne}, {@code queryValue}, {@code execute}, {@code executeBatch}, {@code sendNotification}).
 * {@code withConnection}, {@code acquire} and {@code transaction} always get exclusive use.
 */
public enum Sharing {
    /**
     * Each convenience call borrows a connection for itself (asyncpg's and pgjdbc's model). The default,
     * because it is right for any mix of queries: a slow query holds only its own connection, and no
     * caller's statement ever runs in the middle of another's on one session. With about as many callers
     * as connections it is as fast as {@link #PIPELINED}.
     */
    EXCLUSIVE,
    /**
     * Convenience calls share the open connections that nobody holds exclusively (the least loaded
     * one, rotating), and the driver pipelines them: the fastest configuration for short queries
     * (DESIGN.md: one pipelined connection per core); with many more callers than connections it served
     * 2.7 times the point queries of {@link #EXCLUSIVE} at a third of the client CPU (docs/pg-pool.md).
     * The price: a slow query delays the queries queued behind it on the same connection.
     */
    PIPELINED
}
