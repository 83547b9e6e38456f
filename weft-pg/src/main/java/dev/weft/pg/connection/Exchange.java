package dev.weft.pg.connection;

import dev.weft.pg.PgProtocolException;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.protocol.BackendMessage;
import dev.weft.pg.protocol.BackendMessage.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One request in the pipeline: the messages a caller sent, ending with exactly one Sync (or one simple
 * Query), and everything the server answers up to the matching ReadyForQuery. The reader thread feeds
 * it messages; the calling thread waits for {@link #isDone()} and then reads the results. Fields
 * written by the reader are published by the volatile {@code done}.
 */
final class Exchange {
    private final Thread waiter = Thread.currentThread();
    final byte[] bytes;
    final int length;
    final boolean keepRows;
    /** Where COPY messages go, or null: a query that enters COPY mode is then a protocol error. */
    final CopyChannel copy;
    /** Set by the caller: the portal's columns differ from the statement's cached description. */
    boolean staleDescription;

    ParameterDescription parameters;
    RowDescription description;
    final List<DataRow> rows = new ArrayList<>();
    final List<Long> counts = new ArrayList<>();
    ServerMessage error;
    PgException failure;
    char transactionStatus;
    /** When the exchange's bytes were queued (System.nanoTime); set under the core's queue lock. */
    long queuedAt;
    /** The transaction status just before this exchange ran ('I', 'T', 'E'), or 0 while unknown; set under the queue lock. */
    char statusBefore;
    /** Whether the server answered ParseComplete (a named statement may now exist on the server). */
    boolean parsed;
    /** How this exchange may be sent again after a cancel aimed at another exchange hit it. */
    Resend resend = Resend.NEVER;
    /** Set by the reader: ended in 57014 while a cancel of ours for another exchange was in flight. */
    boolean strayCancel;
    volatile boolean cancelRequested;
    /** When the first CancelRequest for this exchange went out (System.nanoTime, never 0), or 0. */
    volatile long cancelSentAt;
    private volatile boolean done;

    Exchange(byte[] bytes, int length, boolean keepRows) {
        this(bytes, length, keepRows, null);
    }

    Exchange(byte[] bytes, int length, boolean keepRows, CopyChannel copy) {
        this.bytes = bytes;
        this.length = length;
        this.keepRows = keepRows;
        this.copy = copy;
    }

    /** Called by the reader thread for every message of this exchange but ReadyForQuery. */
    void onMessage(BackendMessage message) {
        switch (message) {
            case DataRow row -> {
                if (keepRows) {
                    rows.add(row);
                }
            }
            case CommandComplete complete -> counts.add(complete.rowCount());
            case RowDescription rd -> description = rd;
            case ParameterDescription pd -> parameters = pd;
            case ErrorResponse e -> {
                if (error == null) {
                    error = new ServerMessage(e.fields());
                }
            }
            case EmptyQueryResponse ignored -> counts.add(0L);
            case ParseComplete ignored -> parsed = true;
            case BindComplete ignored -> { }
            case CloseComplete ignored -> { }
            case NoData ignored -> { }
            case PortalSuspended ignored -> { }
            case CopyResponse response when copy != null -> copy.started(response);
            case CopyData data when copy != null -> copy.data(data.data());
            case CopyDone ignored when copy != null -> { }
            case CopyResponse ignored -> throw new PgProtocolException(
                    "COPY FROM STDIN / TO STDOUT cannot run through query or execute (use copyIn / copyOut); connection closed");
            default -> throw new PgProtocolException("unexpected " + message.getClass().getSimpleName()
                    + " in a query response");
        }
    }

    /** Called by the reader on ReadyForQuery, or by whoever breaks the connection with {@code cause}. */
    void complete(char status, PgException cause) {
        transactionStatus = status;
        failure = cause;
        done = true;
        if (copy != null) {
            copy.ended();
        }
        LockSupport.unpark(waiter);
    }

    boolean isDone() {
        return done;
    }

    /**
     * Parks the calling thread until done, until {@code deadlineNanos} (System.nanoTime based;
     * Long.MAX_VALUE for none) or until the thread is interrupted; returns whether it is done.
     * The interrupt status is left set for the caller to act on.
     */
    boolean awaitUntil(long deadlineNanos) {
        while (!done) {
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

    /**
     * Whether this exchange was hit by a cancel meant for another one and can be sent again unchanged: it
     * ran outside any explicit transaction (idle before and after), so its implicit transaction was
     * rolled back and it had no effect. Read by the waiter once done.
     */
    boolean hitByStrayCancelAndResendable() {
        if (!hitByStrayCancel()) {
            return false;
        }
        return switch (resend) {
            case NEVER -> false;
            case WHOLE -> true;
            case IF_NOTHING_COMPLETED -> counts.isEmpty();
            case IF_NOT_PARSED -> !parsed;
        };
    }

    /** Whether a cancel meant for another exchange hit this one while no explicit transaction was open. */
    boolean hitByStrayCancel() {
        return strayCancel && !cancelRequested && failure == null && statusBefore == 'I' && transactionStatus == 'I';
    }

    /** When an exchange that a stray cancel hit may be sent again (all cases also require: no explicit transaction). */
    enum Resend {
        /** Never: the caller handles it (or the exchange is not self-contained). */
        NEVER,
        /** Always: extended-protocol Bind/Execute messages under one Sync form one implicit transaction, all rolled back. */
        WHOLE,
        /**
         * Only if no command completed: a simple Query string may hold COMMIT between its statements, so
         * a completed command may have been committed.
         */
        IF_NOTHING_COMPLETED,
        /** Only if no ParseComplete came: a named statement that was created would make a second Parse fail. */
        IF_NOT_PARSED
    }

    /** Throws what went wrong, if anything: the broken connection first, then the server's error. */
    void throwIfFailed() {
        if (error != null && ("FATAL".equals(error.severity()) || "PANIC".equals(error.severity()))) {
            throw PgException.of(error); // the server's reason for hanging up says more than the broken socket
        }
        if (failure != null) {
            throw failure;
        }
        if (error != null) {
            throw PgException.of(error);
        }
    }
}
