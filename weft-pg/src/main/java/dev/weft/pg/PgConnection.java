package dev.weft.pg;

import dev.weft.pg.connection.Connector;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One session with a PostgreSQL server (asyncpg's {@code Connection}). Thread-safe and pipelined: many
 * virtual threads may call one connection at once; their queries are written back to back and each
 * caller gets its own result, up to {@code max_pipeline} queries in flight. A transaction gives its
 * thread exclusive use until it ends; other callers wait.
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
public interface PgConnection extends AutoCloseable {

    /** Connects using a {@code postgresql://} URI or a libpq keyword string ({@code host=... dbname=...}). */
    static PgConnection connect(String dsnOrUri) {
        return connect(PgConnectOptions.parse(dsnOrUri));
    }

    /** Connects with the given options: the first host that accepts the connection is used. */
    static PgConnection connect(PgConnectOptions options) {
        return Connector.connect(options);
    }

    /** Runs {@code sql} with {@code $1..$n} bind values and returns every row (asyncpg's {@code fetch}). */
    List<Row> query(String sql, Object... args);

    /** Runs {@code sql} and maps every row to a record (or class with a canonical constructor) by column name. */
    <R> List<R> query(Class<R> type, String sql, Object... args);

    /** Runs {@code sql} and returns the first row, or null when there is none (asyncpg's {@code fetchrow}). */
    Row queryOne(String sql, Object... args);

    /** Runs {@code sql} and maps the first row to {@code type}, or returns null when there is none. */
    <R> R queryOne(Class<R> type, String sql, Object... args);

    /** Returns the first column of the first row as {@code type}, or null (asyncpg's {@code fetchval}). */
    <T> T queryValue(Class<T> type, String sql, Object... args);

    /**
     * Runs a command and returns its row count. Without arguments, {@code sql} may hold several
     * statements separated by semicolons (the simple protocol; the count is the last statement's).
     */
    long execute(String sql, Object... args);

    /**
     * Runs one statement once per argument array, sending every Bind/Execute and then a single Sync
     * (asyncpg's {@code executemany}); returns each run's row count. The runs are one implicit
     * transaction: if one fails, none is kept (outside an explicit transaction).
     */
    long[] executeBatch(String sql, List<Object[]> argsList);

    /** Prepares {@code sql} (asyncpg's {@code prepare}); the statement reports its parameter and column types. */
    PreparedStatement prepare(String sql);

    /** Runs {@code body} in a transaction: commit when it returns, roll back when it throws. Nested calls use savepoints. */
    void transaction(TransactionBody body);

    /** As {@link #transaction(TransactionBody)}, with isolation, read-only, deferrable and retry options. */
    void transaction(TransactionOptions options, TransactionBody body);

    /** As {@link #transaction(TransactionBody)}, returning the body's result. */
    <T> T transactionResult(TransactionFunction<T> body);

    /** As {@link #transaction(TransactionOptions, TransactionBody)}, returning the body's result. */
    <T> T transactionResult(TransactionOptions options, TransactionFunction<T> body);

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

    /** Sets the listener for server notices (warnings, RAISE NOTICE...); it runs on the connection's reader thread and must not block. */
    void onNotice(Consumer<ServerMessage> listener);

    /** Sets the hook that receives NOTIFY messages; it runs on the connection's reader thread and must not block. */
    void onNotification(Consumer<Notification> listener);

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
