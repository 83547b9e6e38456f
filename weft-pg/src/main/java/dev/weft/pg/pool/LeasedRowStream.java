package dev.weft.pg.pool;

import dev.weft.pg.PgConnection;
import dev.weft.pg.Row;
import dev.weft.pg.RowStream;

/**
 * A pool's stream: the rows of a stream opened on a borrowed connection, which goes back to the pool when
 * the stream is closed, runs to its end, or fails. Not thread-safe: one thread iterates (as every
 * {@link RowStream}).
 */
final class LeasedRowStream implements RowStream {
    private final RowStream rows;
    private final PgConnection lease;
    private boolean closed;

    LeasedRowStream(RowStream rows, PgConnection lease) {
        this.rows = rows;
        this.lease = lease;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        try {
            boolean more = rows.hasNext();
            if (!more) {
                close();
            }
            return more;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public Row next() {
        try {
            return rows.next();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rows.close();
        } finally {
            lease.close();
        }
    }
}
