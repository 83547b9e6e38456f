package dev.weft.pg.protocol;

import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.protocol.BackendMessage.DataRow;
import dev.weft.pg.protocol.BackendMessage.ParameterDescription;
import dev.weft.pg.protocol.BackendMessage.RowDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * One request in a session's {@link Pipeline}: messages that end with exactly one Sync (or one simple
 * Query), and what the server answered up to the matching ReadyForQuery. Only the pipeline writes its
 * state (the thread reading responses writes the results, the thread holding the session's lock the
 * bookkeeping); everyone else reads it through the accessors once {@link #isDone()}, whose volatile
 * write publishes the rest. The socket owner extends it with what waiting and writing need.
 */
public class Request {
    final boolean keepRows;
    final boolean copyAllowed;
    final Resend resend;

    ParameterDescription parameters;
    RowDescription description;
    final List<DataRow> rows = new ArrayList<>();
    final List<Long> counts = new ArrayList<>();
    ServerMessage error;
    PgException failure;
    char transactionStatus;
    boolean parsed;
    CopyState copy = CopyState.NONE;

    long queuedAt;
    char statusBefore;
    boolean strayCancel;
    volatile boolean cancelRequested;
    volatile long cancelSentAt;
    volatile boolean done;

    /**
     * @param keepRows    whether DataRow messages are kept (a statement run for its row count drops them)
     * @param copyAllowed whether the request may enter COPY mode (a COPY statement run by copyIn/copyOut);
     *                    otherwise CopyInResponse/CopyOutResponse is a protocol error
     * @param resend      when the request may be sent again after a cancel meant for another one hit it
     */
    public Request(boolean keepRows, boolean copyAllowed, Resend resend) {
        this.keepRows = keepRows;
        this.copyAllowed = copyAllowed;
        this.resend = resend;
    }

    /** When a request that a stray cancel hit may be sent again (all cases also require: no explicit transaction). */
    public enum Resend {
        /** Never: the caller handles it (or the request is not self-contained). */
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

    /** Where a request stands in COPY mode: entered by CopyIn/CopyOutResponse, left by the command's end. */
    enum CopyState {
        NONE, IN, OUT, OUT_DONE
    }

    public final boolean isDone() {
        return done;
    }

    /** Whether someone asked to cancel this request (a timeout, a deadline, a cancellation). */
    public final boolean cancelRequested() {
        return cancelRequested;
    }

    /** When the first CancelRequest for this request went out (System.nanoTime, never 0), or 0. */
    public final long cancelSentAt() {
        return cancelSentAt;
    }

    /** The kept rows, in order. */
    public final List<DataRow> rows() {
        return rows;
    }

    /** The row count of every command that completed, in order (0 for an empty query). */
    public final List<Long> counts() {
        return counts;
    }

    /** The last command's row count, or 0 when none completed. */
    public final long lastCount() {
        return counts.isEmpty() ? 0 : counts.getLast();
    }

    /** The RowDescription the server sent (of the statement or the portal), or null. */
    public final RowDescription description() {
        return description;
    }

    /** The ParameterDescription the server sent, or null. */
    public final ParameterDescription parameters() {
        return parameters;
    }

    /** The server's first error, or null. */
    public final ServerMessage error() {
        return error;
    }

    /** What broke the session while this request was in flight, or null. */
    public final PgException failure() {
        return failure;
    }

    /** The transaction status of the ReadyForQuery that ended the request ('I', 'T', 'E'; 'E' when it failed). */
    public final char transactionStatus() {
        return transactionStatus;
    }

    /** Whether the server answered ParseComplete (a named statement may now exist on the server). */
    public final boolean parsed() {
        return parsed;
    }

    /** Whether a cancel meant for another request hit this one while no explicit transaction was open. */
    public final boolean hitByStrayCancel() {
        return strayCancel && !cancelRequested && failure == null && statusBefore == 'I' && transactionStatus == 'I';
    }

    /**
     * Whether a cancel meant for another request hit this one and it can be sent again unchanged: it ran
     * outside any explicit transaction (idle before and after), so its implicit transaction was rolled
     * back and it had no effect.
     */
    public final boolean resendable() {
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

    /** Throws what went wrong, if anything: the server's FATAL reason first, then the broken session, then the server's error. */
    public final void throwIfFailed() {
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
