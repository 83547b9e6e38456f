package dev.weft.pg;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;

/**
 * The query surface that a {@link PgConnection} and a {@link dev.weft.pg.pool.PgPool} share (asyncpg's
 * connection and pool answer the same {@code fetch}, {@code execute}, {@code copy_*} calls): code that
 * only runs statements takes a {@code PgQueries} and works with either. Thread-safe in both
 * implementations; every call blocks its (virtual) thread and honours the weft-core deadline and
 * cancellation.
 *
 * <p>On a connection the calls run on that session (pipelined with other callers). On a pool each call
 * runs on a pooled connection and gives it back when it returns; a transaction, a COPY and a stream
 * borrow one connection for themselves until they end.
 *
 * {@snippet :
 * record User(long id, String name) {}
 *
 * final class UserStore {
 *     private final PgQueries db;                  // a PgPool in the app, a PgConnection in a test
 *
 *     UserStore(PgQueries db) {
 *         this.db = db;
 *     }
 *
 *     User find(long id) {
 *         return db.queryOne(User.class, "SELECT id, name FROM users WHERE id = $1", id);
 *     }
 *
 *     void rename(long id, String name) {
 *         db.transaction(tx -> tx.execute("UPDATE users SET name = $1 WHERE id = $2", name, id));
 *     }
 * }
 * }
 */
public interface PgQueries {

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

    /**
     * Runs {@code body} in a transaction: commit when it returns, roll back when it throws. On a connection,
     * nested calls use savepoints; on a pool, the body gets a connection of its own.
     */
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
     * encoded by the codecs for the columns' types. Has exclusive use of a connection while it runs.
     * Outside a transaction the COPY is atomic: a bad row, a constraint violation or cancellation keeps
     * nothing, and the connection stays usable.
     *
     * {@snippet :
     * record Reading(int sensor, String label, Instant at) {}
     * long n = db.copyIn("readings", List.of("sensor", "label", "at"), readings);
     * }
     *
     * @throws IllegalArgumentException for a row of the wrong shape or a value its column cannot take
     *         (the message names the row number and column); the COPY is abandoned with CopyFail
     */
    long copyIn(String table, List<String> columns, Iterable<?> rows);

    /**
     * As {@link #copyIn(String, List, Iterable)} from a streaming source: rows are pulled as each 64 KiB
     * chunk is sent, so memory stays bounded however many there are. An exception thrown by the iterator
     * abandons the COPY (nothing is kept) and is rethrown.
     */
    long copyIn(String table, List<String> columns, Iterator<?> rows);

    /**
     * Runs {@code copySql}, a {@code COPY ... FROM STDIN} statement in any format (text, csv, binary), sending
     * {@code data} to it in chunks (asyncpg's {@code copy_to_table} with a source); returns the row count.
     * The stream is read, not closed. Errors end the COPY cleanly as for the row form.
     *
     * {@snippet :
     * try (var csv = Files.newInputStream(path)) {
     *     db.copyIn("COPY users (name, age) FROM STDIN (FORMAT csv, HEADER true)", csv);
     * }
     * }
     */
    long copyIn(String copySql, InputStream data);

    /**
     * Runs {@code copySql}, a {@code COPY table TO STDOUT} or {@code COPY (query) TO STDOUT} statement in
     * any format, writing its data to {@code target} as it arrives (asyncpg's {@code copy_from_table} /
     * {@code copy_from_query}); returns the row count. The stream is written, not closed. Memory stays
     * bounded: a slow target slows the server down.
     *
     * {@snippet :
     * db.copyOut("COPY users TO STDOUT (FORMAT csv, HEADER true)", Files.newOutputStream(path));
     * }
     */
    long copyOut(String copySql, OutputStream target);

    /**
     * The rows of {@code query} (a {@code SELECT}, {@code TABLE name}, {@code VALUES} ...) read through
     * {@code COPY (query) TO STDOUT (FORMAT binary)} and decoded by the codecs: the fastest way to read a
     * large result. Every column's type needs a binary codec. The stream holds its connection until it is
     * exhausted or closed; closing early cancels the COPY (inside a transaction, that aborts it).
     *
     * {@snippet :
     * try (RowStream rows = db.copyOutRows("SELECT id, name FROM users")) {
     *     rows.forEachRemaining(row -> index(row.getLong(0), row.getString(1)));
     * }
     * }
     */
    RowStream copyOutRows(String query);

    /**
     * Runs {@code sql} with {@code $1..$n} bind values and returns its rows fetched {@code fetchSize} at a
     * time through a server-side portal (asyncpg's {@code cursor}), so memory stays bounded. Outside a
     * transaction the stream opens one and ends it on close (COMMIT; ROLLBACK after an error); inside
     * {@link #transaction} it uses the caller's. The stream holds its connection until exhausted or closed.
     *
     * {@snippet :
     * try (Stream<Row> rows = db.stream("SELECT * FROM events WHERE day = $1", 1000, day).stream()) {
     *     rows.forEach(row -> export(row));
     * }
     * }
     */
    RowStream stream(String sql, int fetchSize, Object... args);
}
