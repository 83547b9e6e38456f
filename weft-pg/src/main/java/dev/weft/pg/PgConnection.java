package dev.weft.pg;

import dev.weft.pg.connection.Connector;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
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

    /**
     * Copies rows into {@code table} with binary COPY (asyncpg's {@code copy_records_to_table}) and returns
     * how many were copied. Each row is an {@code Object[]}, a {@code List} or a record whose components are
     * in {@code columns}' order; {@code columns} empty means every column of the table, in table order.
     * {@code table} is {@code name} or {@code schema.name}; names are quoted as identifiers. Values are
     * encoded by the codecs for the columns' types. Has exclusive use of the connection while it runs.
     * Outside a transaction the COPY is atomic: a bad row, a constraint violation or cancellation keeps
     * nothing, and the connection stays usable.
     *
     * {@snippet :
     * record Reading(int sensor, String label, Instant at) {}
     * long n = conn.copyIn("readings", List.of("sensor", "label", "at"), readings);
     * }
     *
     * @throws IllegalArgumentException for a row of the wrong shape or a value its column cannot take
     *         (the message names the row number and column); the COPY is abandoned with CopyFail
     */
    default long copyIn(String table, List<String> columns, Iterable<?> rows) {
        throw new UnsupportedOperationException("copyIn is not supported by " + getClass().getName());
    }

    /**
     * As {@link #copyIn(String, List, Iterable)} from a streaming source: rows are pulled as each 64 KiB
     * chunk is sent, so memory stays bounded however many there are. An exception thrown by the iterator
     * abandons the COPY (nothing is kept) and is rethrown.
     */
    default long copyIn(String table, List<String> columns, Iterator<?> rows) {
        throw new UnsupportedOperationException("copyIn is not supported by " + getClass().getName());
    }

    /**
     * Runs {@code copySql}, a {@code COPY ... FROM STDIN} statement in any format (text, csv, binary), sending
     * {@code data} to it in chunks (asyncpg's {@code copy_to_table} with a source); returns the row count.
     * The stream is read, not closed. Errors end the COPY cleanly as for the row form.
     *
     * {@snippet :
     * try (var csv = Files.newInputStream(path)) {
     *     conn.copyIn("COPY users (name, age) FROM STDIN (FORMAT csv, HEADER true)", csv);
     * }
     * }
     */
    default long copyIn(String copySql, InputStream data) {
        throw new UnsupportedOperationException("copyIn is not supported by " + getClass().getName());
    }

    /**
     * Runs {@code copySql}, a {@code COPY table TO STDOUT} or {@code COPY (query) TO STDOUT} statement in
     * any format, writing its data to {@code target} as it arrives (asyncpg's {@code copy_from_table} /
     * {@code copy_from_query}); returns the row count. The stream is written, not closed. Memory stays
     * bounded: a slow target slows the server down.
     *
     * {@snippet :
     * conn.copyOut("COPY users TO STDOUT (FORMAT csv, HEADER true)", Files.newOutputStream(path));
     * }
     */
    default long copyOut(String copySql, OutputStream target) {
        throw new UnsupportedOperationException("copyOut is not supported by " + getClass().getName());
    }

    /**
     * The rows of {@code query} (a {@code SELECT}, {@code TABLE name}, {@code VALUES} ...) read through
     * {@code COPY (query) TO STDOUT (FORMAT binary)} and decoded by the codecs: the fastest way to read a
     * large result. Every column's type needs a binary codec. The stream holds the connection until it is
     * exhausted or closed; closing early cancels the COPY (inside a transaction, that aborts it).
     *
     * {@snippet :
     * try (RowStream rows = conn.copyOutRows("SELECT id, name FROM users")) {
     *     rows.forEachRemaining(row -> index(row.getLong(0), row.getString(1)));
     * }
     * }
     */
    default RowStream copyOutRows(String query) {
        throw new UnsupportedOperationException("copyOutRows is not supported by " + getClass().getName());
    }

    /**
     * Runs {@code sql} with {@code $1..$n} bind values and returns its rows fetched {@code fetchSize} at a
     * time through a server-side portal (asyncpg's {@code cursor}), so memory stays bounded. Outside a
     * transaction the stream opens one and ends it on close (COMMIT; ROLLBACK after an error); inside
     * {@link #transaction} it uses the caller's. The stream holds the connection until exhausted or closed.
     *
     * {@snippet :
     * try (Stream<Row> rows = conn.stream("SELECT * FROM events WHERE day = $1", 1000, day).stream()) {
     *     rows.forEach(row -> export(row));
     * }
     * }
     */
    default RowStream stream(String sql, int fetchSize, Object... args) {
        throw new UnsupportedOperationException("stream is not supported by " + getClass().getName());
    }

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
