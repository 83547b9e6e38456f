package dev.weft.pg;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Rows read from the server a batch at a time (asyncpg's {@code cursor}, or the rows of a binary
 * {@code COPY ... TO STDOUT}), so memory stays bounded whatever the size of the result. A stream holds
 * its connection exclusively (other callers wait) until it is exhausted or closed: always close it, in
 * a try-with-resources block. Reaching the end closes it too. Not thread-safe: one thread iterates.
 *
 * {@snippet :
 * try (RowStream rows = conn.stream("SELECT id, payload FROM events WHERE day = $1", 1000, day)) {
 *     while (rows.hasNext()) {
 *         process(rows.next());
 *     }
 * }
 * }
 */
public interface RowStream extends Iterator<Row>, AutoCloseable {

    /**
     * This stream as a sequential {@link Stream}; closing either closes both.
     *
     * {@snippet :
     * try (Stream<Row> rows = conn.stream("SELECT n FROM big", 5000).stream()) {
     *     long evens = rows.filter(r -> r.getLong(0) % 2 == 0).count();
     * }
     * }
     */
    default Stream<Row> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /**
     * Ends the stream early or after the end: releases the server-side cursor (or stops the COPY), ends the
     * transaction the stream opened (COMMIT after success, ROLLBACK after an error) and gives the connection
     * back to other callers. Idempotent.
     */
    @Override
    void close();
}
