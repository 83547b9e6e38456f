package dev.weft.pg.protocol;

import dev.weft.pg.Notification;
import dev.weft.pg.PgException;
import dev.weft.pg.PgProtocolException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.protocol.BackendMessage.*;
import dev.weft.pg.protocol.Request.CopyState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol state machine of one session after startup, with no I/O (asyncpg's {@code coreproto}):
 * fed the requests callers queue and the messages the server answers, it returns what the socket owner
 * must do. It keeps the in-flight order (one ReadyForQuery ends the request at the head: Sync
 * accounting), the transaction status, each request's results and COPY sub-state, and the stray-cancel
 * bookkeeping. Time comes in as {@code now} (System.nanoTime), so message sequences are unit-testable.
 *
 * <p>Stray cancels. A CancelRequest cancels whatever the backend runs when the signal lands, and that
 * may already be the next pipelined request. The pipeline counts CancelRequests in flight; a request
 * that was not a cancel target and ends in 57014 while one is in flight, or after one landed later than
 * {@link #STRAY_SLACK_NANOS} before the request was queued, was hit by it ({@link Request#hitByStrayCancel()}).
 * A transaction first waits until {@link #quietIn} is 0, so no one else's cancel can reach its statements.
 *
 * <p>Threads. Not thread-safe, in two roles: every method but {@link #onMessage} is called under the
 * socket owner's lock; {@link #onMessage} is called by the one thread reading responses, without the
 * lock: it touches only the request at the head, which it reads through a volatile field that
 * {@link #enqueue} and {@link #ready} publish.
 *
 * {@snippet :
 * var pipeline = new Pipeline<Request>();
 * var request = new Request(true, false, Request.Resend.WHOLE);
 * pipeline.enqueue(request, System.nanoTime());           // its bytes are written in the same lock hold
 * for (BackendMessage m : answer) {                      // e.g. BindComplete, DataRow, CommandComplete
 *     switch (pipeline.onMessage(m)) {
 *         case Pipeline.Notify<Request> n -> listener.accept(n.notification());
 *         default -> { }                                 // taken into the request's results
 *     }
 * }
 * Pipeline.Completion<Request> done = pipeline.ready('I', System.nanoTime()); // wake done.done()'s caller
 * }
 */
public final class Pipeline<R extends Request> {
    /**
     * How long after its side connection closed a CancelRequest still counts as in flight. The server
     * has signalled the backend by then, and the backend acts on the signal at its next interrupt check;
     * the slack covers a backend that is slow to be scheduled on a loaded machine.
     */
    public static final long STRAY_SLACK_NANOS = 100_000_000L;

    private final ArrayDeque<R> inflight = new ArrayDeque<>();
    private volatile R head;
    private volatile TransactionStatus transactionStatus = TransactionStatus.IDLE;
    private char lastStatus = 'I';
    private int cancelsInFlight;
    private long lastCancelLandedAt; // System.nanoTime when the last side connection closed, 0 if none yet
    private long strayCancels;

    /** What the socket owner must do after a message (or nothing: {@link #none()}). */
    public sealed interface Action<R> {
    }

    /** The message was taken into the head request's results. */
    public record Consumed<R>() implements Action<R> {
    }

    /** The server reported a run-time parameter's new value. */
    public record ParameterChanged<R>(String name, String value) implements Action<R> {
    }

    /** A notice to hand to the notice listener. */
    public record Notice<R>(ServerMessage notice) implements Action<R> {
    }

    /** A NOTIFY to hand to the notification listener. */
    public record Notify<R>(Notification notification) implements Action<R> {
    }

    /** {@code request} entered COPY IN or OUT mode. */
    public record CopyStarted<R>(R request, CopyResponse response) implements Action<R> {
    }

    /** A chunk of COPY OUT data for {@code request}. */
    public record CopyChunk<R>(R request, CopyData data) implements Action<R> {
    }

    /**
     * ReadyForQuery ended {@code done}; {@code cancelNext} is the new head when it was marked for
     * cancelling while queued (its CancelRequest is now counted in flight and must be sent), else null.
     */
    public record Completion<R>(R done, R cancelNext) {
    }

    @SuppressWarnings("rawtypes")
    private static final Consumed CONSUMED = new Consumed();

    /** The action of a message taken into the head request. */
    @SuppressWarnings("unchecked")
    public static <R> Action<R> none() {
        return CONSUMED;
    }

    /** Appends {@code request}, whose messages the caller is about to write (in the same lock hold). */
    public void enqueue(R request, long now) {
        request.queuedAt = now;
        if (inflight.isEmpty()) {
            request.statusBefore = lastStatus;
            head = request;
        }
        inflight.add(request);
    }

    /**
     * Marks {@code request} for cancelling; returns whether a CancelRequest must be sent now (it is
     * counted in flight from here). Only the request at the head may be cancelled: a CancelRequest
     * cancels whatever the backend runs, so one for a queued request would hit someone else's. A
     * queued request is cancelled by {@link #ready} once it reaches the head.
     */
    public boolean cancel(R request, long now) {
        request.cancelRequested = true;
        boolean atHead = head == request && !request.done;
        if (atHead) {
            if (request.cancelSentAt == 0) {
                request.cancelSentAt = now | 1;
            }
            cancelsInFlight++;
        }
        return atHead;
    }

    /** A CancelRequest's side connection closed: the server has signalled the backend. */
    public void cancelLanded(long now) {
        if (cancelsInFlight <= 0) {
            throw new IllegalStateException("a cancel landed but none was in flight");
        }
        cancelsInFlight--;
        lastCancelLandedAt = now | 1;
    }

    /**
     * How long until no request is in flight and no cancel of ours may still land (0: quiet now), or
     * {@code Long.MAX_VALUE} while that waits on an event (a ReadyForQuery, a side connection closing).
     */
    public long quietIn(long now) {
        if (!inflight.isEmpty() || cancelsInFlight > 0) {
            return Long.MAX_VALUE;
        }
        return lastCancelLandedAt == 0 ? 0 : Math.max(0, lastCancelLandedAt + STRAY_SLACK_NANOS - now);
    }

    /** ReadyForQuery with {@code status}: ends the head request and makes the next one the head. */
    public Completion<R> ready(char status, long now) {
        var newStatus = switch (status) {
            case 'I' -> TransactionStatus.IDLE;
            case 'T' -> TransactionStatus.IN_TRANSACTION;
            case 'E' -> TransactionStatus.FAILED;
            default -> throw new PgProtocolException("ReadyForQuery with unknown status '" + status + "'");
        };
        R done = inflight.peek();
        if (done == null) {
            throw new PgProtocolException("ReadyForQuery with no request in flight");
        }
        if (done.copy == CopyState.OUT || done.copy == CopyState.IN) {
            throw new PgProtocolException("ReadyForQuery while COPY " + (done.copy == CopyState.IN ? "IN" : "OUT") + " was still running");
        }
        inflight.poll();
        R next = inflight.peek();
        head = next;
        lastStatus = status;
        transactionStatus = newStatus;
        if (next != null) {
            next.statusBefore = status;
        }
        if (done.error != null && "57014".equals(done.error.sqlState()) && !done.cancelRequested && cancelMayLand(done.queuedAt)) {
            done.strayCancel = true;
            strayCancels++;
        }
        done.transactionStatus = status;
        done.done = true;
        boolean cancelNext = next != null && next.cancelRequested && cancel(next, now);
        return new Completion<>(done, cancelNext ? next : null);
    }

    /** The session broke: ends every request in flight with {@code cause} and returns them, oldest first. */
    public List<R> failAll(PgException cause) {
        var failed = new ArrayList<R>(inflight);
        inflight.clear();
        head = null;
        for (R request : failed) {
            request.failure = cause;
            request.transactionStatus = 'E';
            request.done = true;
        }
        return failed;
    }

    /**
     * Takes a message other than ReadyForQuery (which goes to {@link #ready}); called by the thread
     * reading responses. Throws {@link PgProtocolException} when the message does not fit the head
     * request's state, and the server's error when it reports a FATAL one with no request in flight.
     */
    public Action<R> onMessage(BackendMessage message) {
        switch (message) {
            case ParameterStatus status -> {
                return new ParameterChanged<>(status.name(), status.value());
            }
            case NoticeResponse notice -> {
                return new Notice<>(new ServerMessage(notice.fields()));
            }
            case NotificationResponse n -> {
                return new Notify<>(new Notification(n.processId(), n.channel(), n.payload()));
            }
            case ReadyForQuery ignored -> throw new IllegalArgumentException("ReadyForQuery goes to ready(), under the socket owner's lock");
            default -> {
                R request = head;
                if (request != null) {
                    return record(request, message);
                }
                if (message instanceof ErrorResponse error) {
                    // A FATAL error outside any request (admin shutdown, idle timeout): the server hangs up next.
                    throw PgException.of(new ServerMessage(error.fields()));
                }
                throw new PgProtocolException("unexpected " + message.getClass().getSimpleName() + " with no request in flight");
            }
        }
    }

    private Action<R> record(R request, BackendMessage message) {
        if (request.copy == CopyState.IN || request.copy == CopyState.OUT) {
            return recordCopy(request, message);
        }
        switch (message) {
            case DataRow row -> {
                if (request.keepRows) {
                    request.rows.add(row);
                }
            }
            case CommandComplete complete -> {
                request.counts.add(complete.rowCount());
                request.copy = CopyState.NONE;
            }
            case RowDescription rd -> request.description = rd;
            case ParameterDescription pd -> request.parameters = pd;
            case ErrorResponse e -> keepFirstError(request, e);
            case EmptyQueryResponse ignored -> request.counts.add(0L);
            case ParseComplete ignored -> request.parsed = true;
            case BindComplete ignored -> { }
            case CloseComplete ignored -> { }
            case NoData ignored -> { }
            case PortalSuspended ignored -> { }
            case CopyResponse response -> {
                if (!request.copyAllowed) {
                    throw new PgProtocolException(
                            "COPY FROM STDIN / TO STDOUT cannot run through query or execute (use copyIn / copyOut); connection closed");
                }
                if (response.kind() == 'W' || request.copy != CopyState.NONE) {
                    throw new PgProtocolException("unexpected Copy" + (response.kind() == 'W' ? "Both" : "") + "Response (kind '"
                            + response.kind() + "') in a COPY request");
                }
                request.copy = response.kind() == 'G' ? CopyState.IN : CopyState.OUT;
                return new CopyStarted<>(request, response);
            }
            default -> throw new PgProtocolException("unexpected " + message.getClass().getSimpleName() + " in a query response");
        }
        return none();
    }

    // COPY IN ends with CommandComplete or ErrorResponse; COPY OUT sends CopyData, then CopyDone, or ErrorResponse.
    private Action<R> recordCopy(R request, BackendMessage message) {
        boolean out = request.copy == CopyState.OUT;
        switch (message) {
            case CopyData data when out -> {
                return new CopyChunk<>(request, data);
            }
            case CopyDone ignored when out -> request.copy = CopyState.OUT_DONE;
            case CommandComplete complete when !out -> {
                request.counts.add(complete.rowCount());
                request.copy = CopyState.NONE;
            }
            case ErrorResponse e -> {
                keepFirstError(request, e);
                request.copy = CopyState.NONE;
            }
            default -> throw new PgProtocolException("unexpected " + message.getClass().getSimpleName() + " during COPY "
                    + (out ? "OUT" : "IN"));
        }
        return none();
    }

    private static void keepFirstError(Request request, ErrorResponse e) {
        if (request.error == null) {
            request.error = new ServerMessage(e.fields());
        }
    }

    /** Whether a cancel of ours may still land on a request queued at {@code queuedAt}. */
    private boolean cancelMayLand(long queuedAt) {
        return cancelsInFlight > 0 || (lastCancelLandedAt != 0 && lastCancelLandedAt + STRAY_SLACK_NANOS - queuedAt > 0);
    }

    /** The request whose answer is arriving now, or null. */
    public R head() {
        return head;
    }

    public int inFlight() {
        return inflight.size();
    }

    public boolean isEmpty() {
        return inflight.isEmpty();
    }

    /** The status of the last ReadyForQuery; readable without the lock. */
    public TransactionStatus transactionStatus() {
        return transactionStatus;
    }

    /** How many requests a cancel meant for another request has hit so far. */
    public long strayCancels() {
        return strayCancels;
    }
}
