package dev.weft.pg.pool;

import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgQueries;
import dev.weft.pg.ServerMessage;

import java.util.function.Consumer;

/**
 * A pool of PostgreSQL connections (asyncpg's {@code Pool}). Thread-safe: any number of virtual
 * threads use one pool. Waiting callers are served in arrival order (FIFO); a wait ends after the
 * acquire timeout with {@link PoolTimeout}, or earlier with {@code DeadlineExceeded} / {@code Cancelled}
 * when the caller's weft-core deadline or cancellation says so.
 *
 * <p>The {@link PgQueries} calls it shares with {@link PgConnection} ({@code query}, {@code execute}, ...)
 * run one statement on a pooled connection; how they use connections is the configured {@link Sharing}
 * (default exclusive). A transaction, a COPY and a stream always borrow a connection for themselves; a
 * stream gives it back when it is closed or exhausted. They must not change
 * session state ({@code SET}, {@code BEGIN}, advisory locks, temporary tables): use
 * {@link #withConnection} or {@link #transaction} for that. {@code withConnection}, {@link #acquire()} and
 * {@code transaction} always get a connection for themselves; when it comes back the pool rolls back a
 * transaction left open and runs the reset hook (by default {@link PgConnection#reset()}). A connection
 * that is broken, fails its reset, or outlived its lifetime or query budget is closed and replaced,
 * never handed to the next caller. At least {@code minSize} connections stay open.
 *
 * {@snippet :
 * try (PgPool pool = PgPool.open("postgresql://app:secret@localhost/app", cfg -> cfg.maxSize(20))) {
 *     List<Row> rows = pool.query("SELECT * FROM users WHERE active = $1", true);
 *     long n = pool.queryValue(Long.class, "SELECT count(*) FROM users");
 *     pool.transaction(tx -> {
 *         tx.execute("UPDATE accounts SET balance = balance - 10 WHERE id = $1", 1);
 *         tx.execute("UPDATE accounts SET balance = balance + 10 WHERE id = $1", 2);
 *     });
 *     try (Subscription sub = pool.listen("user_events", note -> System.out.println(note.payload()))) {
 *         pool.sendNotification("user_events", "created 7");
 *     }
 * }
 * }
 */
public interface PgPool extends PgQueries, AutoCloseable {

    /** Opens a pool with the default configuration for a {@code postgresql://} URI or libpq keyword string. */
    static PgPool open(String dsn) {
        return open(dsn, cfg -> { });
    }

    /** Opens a pool for {@code dsn}, letting {@code configure} change the defaults; opens {@code minSize} connections first. */
    static PgPool open(String dsn, Consumer<PgPoolConfig.Builder> configure) {
        return open(PgConnectOptions.parse(dsn), configure);
    }

    /** Opens a pool for {@code options}, letting {@code configure} change the defaults. */
    static PgPool open(PgConnectOptions options, Consumer<PgPoolConfig.Builder> configure) {
        PgPoolConfig.Builder builder = PgPoolConfig.builder(options);
        configure.accept(builder);
        return open(builder.build());
    }

    /**
     * Opens a pool with {@code config}: opens {@code minSize} connections (so a wrong password fails
     * here) and starts the maintenance task; {@link #close()} ends every thread the pool started.
     */
    static PgPool open(PgPoolConfig config) {
        return RealPgPool.open(config);
    }

    /**
     * Borrows a connection for exclusive use, runs {@code work} with it, and gives it back (reset) even
     * when {@code work} throws. The connection must not escape {@code work}.
     */
    <T> T withConnection(ConnectionFunction<T> work);

    /**
     * Borrows a connection for exclusive use until the returned lease is closed; closing it gives the
     * connection back to the pool (it does not end the session). Prefer {@link #withConnection}.
     *
     * {@snippet :
     * try (PgConnection conn = pool.acquire()) {
     *     conn.execute("SET work_mem = '256MB'");          // undone by the reset when given back
     *     List<Row> report = conn.query("SELECT * FROM big_report()");
     * }
     * }
     */
    PgConnection acquire();

    /**
     * Subscribes {@code handler} to NOTIFY messages on {@code channel} (asyncpg's {@code add_listener}).
     * All subscriptions of the pool share one dedicated connection, opened on first use (so connection
     * errors surface here), which reconnects by itself when lost, listens again, and reports the gap
     * through {@link NotificationHandler#onGap}. The channel name is sent as a quoted identifier, exactly
     * as given (case-sensitive).
     *
     * @throws IllegalArgumentException when the channel is empty or longer than 63 bytes in UTF-8
     */
    Subscription listen(String channel, NotificationHandler handler);

    /**
     * Sets the listener told when a pooled connection ends without the pool closing it (asyncpg's
     * {@code add_termination_listener}): its backend was terminated or its socket broke. The pool replaces
     * the connection by itself; connections the pool retires (lifetime, idle time, close) are not reported.
     * It runs on the connection's own thread and must not block; null removes it.
     *
     * {@snippet :
     * pool.onTermination(t -> log.warn("backend {} ended: {}", t.processId(), t.cause().getMessage()));
     * }
     */
    void onTermination(Consumer<Termination> listener);

    /**
     * Sets the listener for server notices and warnings ({@code RAISE NOTICE}, deprecation warnings ...) from
     * every pooled connection, the LISTEN connection included (asyncpg's {@code add_log_listener}). It
     * replaces listeners a custom connection factory set. It runs on the connection's reader thread and must
     * not block; null removes it. A listener set on a borrowed connection wins until it is given back.
     */
    void onNotice(Consumer<ServerMessage> listener);

    /**
     * Sends a notification to every session listening on {@code channel} ({@code SELECT pg_notify($1, $2)},
     * both as bind values); a null payload is sent as empty. Inside a transaction use {@code pg_notify}
     * on its connection instead: the server delivers it at commit.
     *
     * @throws IllegalArgumentException when the channel is empty, contains NUL, or is longer than 63 bytes in UTF-8
     */
    void sendNotification(String channel, String payload);

    /** A consistent snapshot of the pool's counters. */
    PoolStatistics statistics();

    /** The configuration the pool was opened with. */
    PgPoolConfig config();

    /**
     * Closes the pool gracefully: new calls fail with {@link IllegalStateException}, waiting callers get
     * the same, idle connections close at once, borrowed ones close when given back, and after
     * {@code closeTimeout} whatever is still borrowed is terminated. Blocks until done, and until every
     * thread the pool started has ended (a notification handler still running is cancelled). Idempotent.
     */
    @Override
    void close();

    /**
     * Closes the pool and every connection at once; calls in progress fail with a connection error. Returns
     * once every thread the pool started has ended. Idempotent.
     */
    void terminate();
}
