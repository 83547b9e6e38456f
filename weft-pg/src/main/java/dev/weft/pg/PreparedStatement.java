package dev.weft.pg;

import java.util.List;

/**
 * A statement prepared on one connection, reusable with different bind values. Thread-safe: several
 * threads may run it at once (the runs are pipelined on the connection). It stays valid until
 * {@link #close()} or until the connection closes.
 *
 * {@snippet :
 * try (PreparedStatement find = conn.prepare("SELECT name FROM users WHERE id = $1")) {
 *     List<Integer> types = find.parameterTypes();   // [20] for a bigint id
 *     String name = find.queryValue(String.class, 7L);
 * }
 * }
 */
public interface PreparedStatement extends AutoCloseable {

    /** The SQL text. */
    String sql();

    /** The parameter type OIDs the server inferred, in {@code $n} order. */
    List<Integer> parameterTypes();

    /** The result columns; empty for statements that return no rows. */
    List<Column> columns();

    /** Runs the statement and returns all rows. */
    List<Row> query(Object... args);

    /** Runs the statement and returns the first row, or null when there is none. */
    Row queryOne(Object... args);

    /** Runs the statement and returns the first column of the first row as {@code type}, or null. */
    <T> T queryValue(Class<T> type, Object... args);

    /** Runs the statement and returns the command's row count. */
    long execute(Object... args);

    /** Closes the server-side statement; later use throws {@link IllegalStateException}. */
    @Override
    void close();
}
