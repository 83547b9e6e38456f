package dev.weft.pg.connection;

import dev.weft.core.Cancelled;
import dev.weft.pg.Column;
import dev.weft.pg.codec.TypeCodec;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A statement as the server described it: its server-side name ({@code ""} for the unnamed statement,
 * which is re-parsed with every execution), parameter types, result columns and the codec chosen for
 * each column. It is prepared by one thread; others that want it meanwhile wait on {@link #awaitReady()}.
 * Fields are published by the latch.
 */
final class Statement {
    final String sql;
    final String name;
    private final CountDownLatch ready = new CountDownLatch(1);
    int[] parameterTypes;
    List<Column> columns;
    TypeCodec<?>[] columnCodecs;
    int[] resultFormats;
    private volatile boolean failed;
    volatile boolean closed;

    Statement(String sql, String name) {
        this.sql = sql;
        this.name = name;
    }

    boolean named() {
        return !name.isEmpty();
    }

    void prepared(int[] parameterTypes, List<Column> columns, TypeCodec<?>[] columnCodecs) {
        this.parameterTypes = parameterTypes;
        this.columns = List.copyOf(columns);
        this.columnCodecs = columnCodecs;
        this.resultFormats = new int[columnCodecs.length];
        for (int i = 0; i < columnCodecs.length; i++) {
            resultFormats[i] = columnCodecs[i] != null && columnCodecs[i].binary() ? 1 : 0;
        }
        ready.countDown();
    }

    /** Preparing failed; waiters go and prepare it themselves (the preparer reports its own error). */
    void failed() {
        failed = true;
        ready.countDown();
    }

    /** Whether preparing has finished (successfully or not), so {@link #awaitReady()} would not block. */
    boolean isSettled() {
        return ready.getCount() == 0;
    }

    /** Waits until the preparing thread finished; returns whether the statement is ready to use. */
    boolean awaitReady() {
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled("interrupted while waiting for a statement to be prepared", e);
        }
        return !failed;
    }
}
