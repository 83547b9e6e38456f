package dev.weft.pg.pool;

import java.util.concurrent.locks.LockSupport;

/**
 * A caller waiting in the FIFO queue of {@link Slots}. The outcome is set under the pool lock and read
 * without it, so a woken caller that got its connection returns without taking the lock again.
 */
final class Waiter {
    final boolean shared;
    private final Thread thread = Thread.currentThread();
    private volatile Slot granted;
    private volatile RuntimeException failure;

    Waiter(boolean shared) {
        this.shared = shared;
    }

    Slot granted() {
        return granted;
    }

    RuntimeException failure() {
        return failure;
    }

    /** Hands {@code slot} over and wakes the caller; under the pool lock. */
    void grant(Slot slot) {
        granted = slot;
        LockSupport.unpark(thread);
    }

    /** Takes a grant back (the caller gave up just as it came); under the pool lock. */
    void revoke() {
        granted = null;
    }

    /** Ends the wait with {@code error} and wakes the caller; under the pool lock. */
    void fail(RuntimeException error) {
        failure = error;
        LockSupport.unpark(thread);
    }

    /**
     * Parks the caller (without the pool lock) until granted, failed, {@code deadline} or an interrupt;
     * returns whether it was interrupted, clearing the flag.
     */
    boolean park(long deadline) {
        while (granted == null && failure == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                return true;
            }
        }
        return false;
    }
}
