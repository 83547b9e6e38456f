package dev.weft.pg.connection;

import dev.weft.core.Cancellation;
import dev.weft.core.Cancelled;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Exclusive use of a session by a transaction or a COPY: the holder's token, and the wait of callers
 * without it. Every method is called under the session's lock, which it shares.
 */
final class Ownership {
    private final Condition released;
    private final BooleanSupplier broken;
    private Object owner;
    private Thread ownerThread;

    /** {@code broken} tells whether the session ended (then nobody waits any more). */
    Ownership(ReentrantLock lock, BooleanSupplier broken) {
        this.released = lock.newCondition();
        this.broken = broken;
    }

    /** Whether someone else than the holder of {@code token} (null: no one) owns the session. */
    boolean heldByOther(Object token) {
        return owner != null && owner != token;
    }

    /**
     * Waits while another token owns the session, until {@code deadline} (System.nanoTime; Long.MAX_VALUE
     * for none). The owner's own thread calling without the token is a mistake, reported at once rather
     * than waiting for itself.
     */
    void awaitFree(Object token, long deadline, boolean forTransaction) {
        while (heldByOther(token) && !broken.getAsBoolean()) {
            if (ownerThread == Thread.currentThread()) {
                throw new IllegalStateException(forTransaction
                        ? "this thread's transaction holds the connection: use the connection handed to the transaction body"
                        : "this thread's transaction holds the connection: run queries through the connection handed to the transaction body");
            }
            try {
                if (deadline == Long.MAX_VALUE) {
                    released.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        Cancellation.check();
                        throw PgException.of(ServerMessage.client("57014", "timed out waiting for another caller's transaction to end"));
                    }
                    released.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Cancellation.check();
                throw new Cancelled("interrupted while waiting for the connection", e);
            }
        }
    }

    /** {@code token} owns the session from now on (the caller checked it was free). */
    void take(Object token) {
        owner = token;
        ownerThread = Thread.currentThread();
    }

    /** Gives up ownership taken with {@code token}; does nothing for another token. */
    void release(Object token) {
        if (owner == token) {
            owner = null;
            ownerThread = null;
            released.signalAll();
        }
    }

    /** The session ended: every waiter wakes and sees it. */
    void wakeAll() {
        released.signalAll();
    }
}
