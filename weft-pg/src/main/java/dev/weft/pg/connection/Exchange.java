package dev.weft.pg.connection;

import dev.weft.core.Channel;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage;
import dev.weft.pg.protocol.Request;

import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Request} as the socket owner handles it: the bytes to write, the thread waiting for the
 * answer and, for a COPY statement, the channel its COPY messages go to.
 */
final class Exchange extends Request {
    private final Thread waiter = Thread.currentThread();
    final byte[] bytes;
    final int length;
    /**
     * Where the server's CopyResponse and CopyData messages go (see {@link Copies#offer}), closed when
     * the exchange ends; null for a query, which then may not enter COPY mode.
     */
    final Channel<BackendMessage> copy;

    Exchange(WriteBuffer message, boolean keepRows, Resend resend) {
        super(keepRows, false, resend);
        this.bytes = message.array();
        this.length = message.position();
        this.copy = null;
    }

    /** A COPY statement (one simple Query) whose COPY messages go to {@code copy}. */
    Exchange(WriteBuffer message, Channel<BackendMessage> copy) {
        super(false, true, Resend.NEVER);
        this.bytes = message.array();
        this.length = message.position();
        this.copy = copy;
    }

    /** Tells the waiter (and the COPY channel) that the pipeline ended this exchange. */
    void wake() {
        if (copy != null) {
            copy.close(); // the consumer takes what is queued, then sees the end
        }
        LockSupport.unpark(waiter);
    }

    /**
     * Parks the calling thread until done, until {@code deadlineNanos} (System.nanoTime based;
     * Long.MAX_VALUE for none) or until the thread is interrupted; returns whether it is done.
     * The interrupt status is left set for the caller to act on.
     */
    boolean awaitUntil(long deadlineNanos) {
        while (!isDone()) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (deadlineNanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
        }
        return true;
    }
}
