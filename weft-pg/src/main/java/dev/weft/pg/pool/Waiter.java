package dev.weft.pg.pool;

import java.util.concurrent.locks.Condition;

/** A caller waiting in the FIFO queue of {@link Slots}; its fields are guarded by the pool lock. */
final class Waiter {
    final boolean shared;
    final Condition ready;
    Slot granted;
    RuntimeException failure;

    Waiter(boolean shared, Condition ready) {
        this.shared = shared;
        this.ready = ready;
    }

    boolean isDone() {
        return granted != null || failure != null;
    }
}
