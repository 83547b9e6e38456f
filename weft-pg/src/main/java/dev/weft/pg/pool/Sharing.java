package dev.weft.pg.pool;

/**
 * How a {@link PgPool} hands connections to its non-transactional convenience calls ({@code query},
 * {@code queryOne}, {@code queryValue}, {@code execute}, {@code executeBatch}, {@code notify}).
 * {@code withConnection}, {@code acquire} and {@code transaction} always get exclusive use.
 */
public enum Sharing {
    /**
     * Each convenience call borrows a connection for itself (asyncpg's and pgjdbc's model). Latency is
     * predictable: a slow query only holds its own connection. The default.
     */
    EXCLUSIVE,
    /**
     * Convenience calls share the open connections that nobody holds exclusively (the least loaded
     * one, rotating), and the driver pipelines them: the fastest configuration for short queries
     * (DESIGN.md: one pipelined connection per core). The price: a slow query delays the queries queued
     * behind it on the same connection.
     */
    PIPELINED
}
