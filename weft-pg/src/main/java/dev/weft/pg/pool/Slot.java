package dev.weft.pg.pool;

import dev.weft.pg.PgConnection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One pooled connection and its bookkeeping. The mutable fields are guarded by the lock of the
 * {@link Slots} that owns it; the query counter is atomic because callers count while holding no lock.
 */
final class Slot {
    final PgConnection connection;
    final long createdAt = System.nanoTime();
    final AtomicLong uses = new AtomicLong();
    long idleSince = createdAt;
    boolean leased;
    int shared;
    boolean retiring;

    Slot(PgConnection connection) {
        this.connection = connection;
    }

    boolean isIdle() {
        return !leased && shared == 0;
    }
}
