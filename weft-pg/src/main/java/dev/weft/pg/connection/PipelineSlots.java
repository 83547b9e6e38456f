package dev.weft.pg.connection;

import dev.weft.core.Cancellation;
import dev.weft.core.Cancelled;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The backpressure of one session: at most {@code max_pipeline} exchanges in flight; a caller beyond
 * that waits for a slot until its deadline. Thread-safe.
 */
final class PipelineSlots {
    private final int max;
    private final Semaphore free;

    PipelineSlots(int max) {
        this.max = max;
        this.free = new Semaphore(max);
    }

    /** Takes a slot, waiting until {@code deadline} (System.nanoTime; Long.MAX_VALUE for none): QueryCanceled after it. */
    void acquire(long deadline) {
        try {
            if (free.tryAcquire()) {
                return;
            }
            boolean got;
            if (deadline == Long.MAX_VALUE) {
                free.acquire();
                got = true;
            } else {
                got = free.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            if (!got) {
                Cancellation.check();
                throw PgException.of(ServerMessage.client("57014", "timed out waiting for a pipeline slot (max_pipeline=" + max + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Cancellation.check();
            throw new Cancelled("interrupted while waiting for a pipeline slot", e);
        }
    }

    /** Gives a slot back: its exchange ended, or was never queued. */
    void release() {
        free.release();
    }
}
