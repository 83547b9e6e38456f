package dev.weft.pg.connection;

/**
 * Who reads a session's socket, and the clock the watcher keeps for a caller that reads its own answer.
 * One thread at a time holds the role: a caller whose exchange is the only one in flight while the role
 * is free (it reads its own answer, with no hand-off between threads), or else the session's watcher
 * thread (for pipelined callers and, once the role stayed free for {@link #IDLE_WATCH_DELAY_NANOS}, for
 * messages nobody asked for). No I/O and no waiting: the session calls it under its lock and acts on
 * what {@link #watch} answers. Not thread-safe.
 */
final class ReaderRole {
    /**
     * How long the role stays free before the watcher takes it to read unasked messages: long enough for
     * a lone caller's next query to find it free, short enough that a notification or the server's
     * goodbye waits at most this long in the socket. Also how often the watcher looks while a caller
     * reads (callers give the role back without waking anyone: that is the point).
     */
    static final long IDLE_WATCH_DELAY_NANOS = 5_000_000L;
    /** How often a CancelRequest is repeated: one that reaches the backend between two queries is ignored. */
    static final long CANCEL_RESEND_NANOS = 1_000_000_000L;

    private final long cancelGraceNanos;
    private boolean held;
    private Exchange ownReader; // the exchange of the caller reading its own answer, or null
    private long ownDeadline;
    private long resendAt;
    private long freeSince;
    private long watcherWakeAt = Long.MAX_VALUE;

    /** What the watcher does next. */
    sealed interface Watch {
    }

    /** Take the role (already marked held) and read. */
    record Read() implements Watch {
    }

    /** Wait until {@code until} (System.nanoTime; Long.MAX_VALUE: until woken). */
    record Sleep(long until) implements Watch {
    }

    /** The reading caller's deadline passed (or its cancel is due again): send a CancelRequest. */
    record Cancel(Exchange exchange) implements Watch {
    }

    /** The server ignored the reading caller's cancel beyond cancel_grace: close the session. */
    record Fail(Exchange exchange) implements Watch {
    }

    ReaderRole(long cancelGraceNanos, long now) {
        this.cancelGraceNanos = cancelGraceNanos;
        this.freeSince = now;
    }

    /**
     * A caller queued {@code exchange} with {@code deadline}; it takes the role when the role is free
     * and the exchange is {@code alone} in flight. Returns whether it did.
     */
    boolean claimForCaller(Exchange exchange, long deadline, boolean alone) {
        if (held || !alone) {
            return false;
        }
        held = true;
        ownReader = exchange;
        ownDeadline = deadline;
        resendAt = Long.MAX_VALUE;
        return true;
    }

    /**
     * Whether the watcher must be woken after a caller queued: nobody reads, or the caller took the role
     * with a deadline earlier than the watcher's next look.
     */
    boolean watcherNeeded(boolean claimed, long deadline) {
        return !held || (claimed && deadline < watcherWakeAt);
    }

    boolean isOwnReader(Exchange exchange) {
        return exchange == ownReader;
    }

    /**
     * A ReadyForQuery ended {@code done}: the reading caller gives the role up after its own answer, the
     * watcher once the pipeline is empty. Returns whether the role is free now.
     */
    boolean releaseAfter(Exchange done, boolean pipelineEmpty, long now) {
        boolean release = ownReader != null ? done == ownReader : pipelineEmpty;
        if (release) {
            held = false;
            ownReader = null;
            freeSince = now;
        }
        return release;
    }

    /** What the watcher does at {@code now}; a {@link Sleep} is remembered as its next look. */
    Watch watch(long now, boolean pipelineEmpty) {
        if (!held) {
            if (!pipelineEmpty || now - freeSince >= IDLE_WATCH_DELAY_NANOS) {
                held = true;
                watcherWakeAt = Long.MAX_VALUE;
                return new Read();
            }
            return sleep(freeSince + IDLE_WATCH_DELAY_NANOS);
        }
        Exchange own = ownReader;
        if (own == null) {
            return sleep(now + IDLE_WATCH_DELAY_NANOS); // cannot happen: the watcher reads itself
        }
        long next;
        if (!own.cancelRequested()) {
            if (now - ownDeadline >= 0) {
                resendAt = now + CANCEL_RESEND_NANOS;
                return new Cancel(own);
            }
            next = ownDeadline;
        } else {
            long sentAt = own.cancelSentAt();
            if (resendAt == Long.MAX_VALUE) {
                resendAt = now + CANCEL_RESEND_NANOS; // cancelled from outside (weft-core), not by this clock
            }
            if (sentAt != 0 && now - (sentAt + cancelGraceNanos) > 0) {
                return new Fail(own);
            }
            if (now - resendAt >= 0) {
                resendAt = now + CANCEL_RESEND_NANOS;
                return new Cancel(own);
            }
            next = sentAt == 0 ? resendAt : Math.min(resendAt, sentAt + cancelGraceNanos + 1);
        }
        return sleep(Math.min(next, now + IDLE_WATCH_DELAY_NANOS));
    }

    private Sleep sleep(long until) {
        watcherWakeAt = until;
        return new Sleep(until);
    }
}
