package dev.weft.pg;

import dev.weft.pg.connection.Connector;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One session with a PostgreSQL server (asyncpg's {@code Connection}): the {@link PgQueries} calls on one
 * session, plus what only a session has (prepared statements, server parameters, listeners). Thread-safe
 * and pipelined: many virtual threads may call one connection at once; their queries are written back
 * to back and each caller gets its own result, up to {@code max_pipeline} queries in flight. A
 * transaction gives its thread exclusive use until it ends; other callers wait.
 *
 * <p>Every call blocks its (virtual) thread. A call honours the weft-core deadline and cancellation and
 * this view's {@link #withTimeout(Duration) timeout}: on expiry the driver sends a CancelRequest, waits
 * for the server to end the query, and the connection stays usable. A per-call timeout ends in
 * {@code QueryCanceled} (SQLSTATE 57014); a weft-core deadline ends in {@code DeadlineExceeded}.
 *
 * {@snippet :
 * try (PgConnection conn = PgConnection.connect("postgresql://app:secret@localhost/app")) {
 *     List<Row> rows = conn.query("SELECT id, name FROM users WHERE active = $1", true);
 *     long count = conn.queryValue(Long.class, "SELECT count(*) FROM users");
 *     conn.transaction(tx -> {
 *         tx.execute("UPDATE accounts SET balance = balance - $1 WHERE id = $2", 10, 1);
 *         tx.execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", 10, 2);
 *     });
 * }
 * }
 */
public interface PgConnection extends PgQueries, AutoCloseable {

    /** Connects using a {@code postgresql://} URI or a libpq keyword string ({@code host=... dbname=...}). */
    static PgConnection connect(String dsnOrUri) {
        return connect(PgConnectOptions.parse(dsnOrUri));
    }

    /** Connects with the given options: the first host that accepts the connection is used. */
    static PgConnection connect(PgConnectOptions options) {
        return Connector.connect(options);
    }

    /** Prepares {@code sql} (asyncpg's {@code prepare}); the statement reports its parameter and column types. */
    PreparedStatement prepare(String sql);

    /** A view of this connection whose calls time out after {@code timeout} (null: no timeout). Same session. */
    PgConnection withTimeout(Duration timeout);

    /** The current value of a server parameter ({@code server_version}, {@code TimeZone}, ...), or null. */
    String parameter(String name);

    /** Every server parameter reported so far. */
    Map<String, String> parameters();

    /** The transaction status the server last reported. */
    TransactionStatus transactionStatus();

    /** The backend's process id (as {@code pg_backend_pid()} reports it). */
    int processId();

    /**
     * Sets the listener for server notices (warnings, RAISE NOTICE...); it runs on the thread reading the
     * connection (its reader thread, or a caller alone on the connection reading its own answer) and must not block.
     */
    void onNotice(Consumer<ServerMessage> listener);

    /**
     * Sets the hook that receives NOTIFY messages; it runs on the thread reading the connection (its reader
     * thread, or a caller alone on the connection reading its own answer) and must not block.
     */
    void onNotification(Consumer<Notification> listener);

    /**
     * Sets the listener told once when the session ends (asyncpg's {@code add_termination_listener}): with
     * null after {@link #close()}, or with the error that broke it (the server's FATAL message when it
     * terminated the backend, or the I/O failure). Set after the end, it is told at once. It runs on the
     * thread that ended the session and must not block.
     */
    void onClose(Consumer<PgException> listener);

    /** Sends an empty query and waits for the answer: true when the connection is alive and idle. */
    boolean ping();

    /**
     * Returns the session to a clean state for reuse by someone else (a pool's reset): rolls back an open
     * transaction, closes cursors, UNLISTENs, resets settings and advisory locks. Prepared statements stay cached.
     */
    void reset();

    /** Whether the connection can take queries: not closed and not broken. */
    boolean isUsable();

    /** Closes the session (Terminate, then the socket). Waiting callers get an error. Idempotent. */
    @Override
    void close();
}
