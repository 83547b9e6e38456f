package dev.weft.pg.connection;

import dev.weft.pg.PgProtocolException;
import dev.weft.core.Cancelled;
import dev.weft.core.Cancellation;
import dev.weft.pg.Notification;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgException;
import dev.weft.pg.PgHost;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.codec.PgType;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage;
import dev.weft.pg.protocol.BackendMessage.*;
import dev.weft.pg.protocol.FrontendMessages;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The pipelining state machine of one session, after startup (a protocol state machine, hence its
 * length). Callers {@link #run} exchanges: each
 * exchange's bytes are appended to a shared write buffer and its {@link Exchange} to the in-flight
 * queue under one short lock, so byte order and queue order agree. Whoever appends while no one is
 * writing becomes the writer and drains the buffer (batching everything queued meanwhile into one
 * write); one reader thread completes exchanges in order as ReadyForQuery messages arrive. A
 * transaction takes ownership: callers without the owner's token wait. Thread-safe.
 *
 * <p>Stray cancels. A CancelRequest cancels whatever the backend runs when the signal lands, and that
 * may already be the next pipelined request. The core counts its CancelRequests in flight; a request
 * that was not a cancel target and ends in 57014 while one is in flight, or after one landed later than
 * {@code STRAY_SLACK_NANOS} before the request was queued, was hit by it. Outside an explicit transaction
 * such a request had no effect (its implicit transaction was rolled back), so {@link #run} sends it
 * again, at most {@code MAX_STRAY_RESENDS} times. A transaction first waits for the pipeline to drain
 * and for cancels in flight to land, so no one else's cancel can reach its statements.
 */
final class ConnectionCore {
    private static final int WRITE_BUFFER_SIZE = 16 * 1024;
    private static final long CANCEL_RESEND_NANOS = 1_000_000_000L;
    private static final int MAX_RETAINED_BUFFER = 1024 * 1024;
    /**
     * How long after its side connection closed a CancelRequest still counts as in flight. The server
     * has signalled the backend by then, and the backend acts on the signal at its next interrupt check;
     * the slack covers a backend that is slow to be scheduled on a loaded machine.
     */
    private static final long STRAY_SLACK_NANOS = 100_000_000L;
    /** Re-sends of one request hit by stray cancels; each needs another cancel landing in the same window. */
    private static final int MAX_STRAY_RESENDS = 3;

    final PgConnectOptions options;
    final PgHost host;
    final int processId;
    private final int secretKey;
    private final Socket socket;
    private final OutputStream out;
    private final BackendReader reader;
    final Map<String, String> parameters;
    final StatementCache statements;
    final String authMechanism;
    final Map<Integer, Optional<PgType>> typesByOid = Catalog.newOidCache();
    final Map<String, Optional<PgType>> typesByName = Catalog.newNameCache();

    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition ownerReleased = queueLock.newCondition();
    private final Condition writerIdle = queueLock.newCondition();
    private final Condition quiet = queueLock.newCondition(); // the queue emptied or a cancel landed
    private int cancelsInFlight; // side connections open
    private long lastCancelLandedAt; // System.nanoTime when the last side connection closed, 0 if none yet
    private char lastStatus = 'I'; // the status of the last ReadyForQuery, under queueLock
    private long strayCancels; // requests hit by a cancel meant for another one (for tests and diagnostics)
    private final ArrayDeque<Exchange> inflight = new ArrayDeque<>();
    private final Semaphore permits;
    private WriteBuffer pending = new WriteBuffer(WRITE_BUFFER_SIZE);
    private WriteBuffer spare = new WriteBuffer(WRITE_BUFFER_SIZE);
    private boolean writing;
    private Object owner;
    private Thread ownerThread;
    private PgException broken;
    private boolean closedByCaller;
    private boolean ended; // the close listener has been told (or will be, by the thread that set this)
    private Consumer<PgException> closeListener = cause -> { };
    private Exchange current; // the reader thread's copy of the queue head

    volatile TransactionStatus transactionStatus = TransactionStatus.IDLE;
    volatile Consumer<ServerMessage> noticeListener = notice -> { };
    volatile Consumer<Notification> notificationListener = notification -> { };

    ConnectionCore(PgConnectOptions options, PgHost host, Socket socket, BackendReader reader, Startup.Result startup) throws IOException {
        this.options = options;
        this.host = host;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = reader;
        this.processId = startup.processId();
        this.secretKey = startup.secretKey();
        this.parameters = new ConcurrentHashMap<>(startup.parameters());
        this.authMechanism = startup.authMechanism();
        this.permits = new Semaphore(options.maxPipeline());
        this.statements = new StatementCache(options.statementCacheSize());
    }

    /** Starts the reader thread; called once, right after construction. */
    void start() {
        Thread.ofVirtual().name("weft-pg-reader-" + processId).start(this::readLoop);
    }

    /**
     * Sends {@code message} (which must end with exactly one Sync or be one simple Query) and waits for
     * its answer. {@code token} is the transaction owner's token, or null. Returns the finished
     * exchange; the caller checks its error. Honours {@code timeout} (QueryCanceled after a
     * CancelRequest) and the weft-core deadline and cancellation.
     */
    Exchange run(WriteBuffer message, Object token, Duration timeout, boolean keepRows) {
        return run(message, token, timeout, keepRows, null, Exchange.Resend.NEVER);
    }

    /**
     * As {@link #run(WriteBuffer, Object, Duration, boolean)}; {@code onQueued} runs (under the queue lock)
     * once the bytes are first queued, and {@code resend} says whether the message may be sent again when
     * a cancel meant for another request hit it. The timeout covers all sends together.
     */
    @SuppressWarnings("try") // the registration only needs to be open around the blocking part
    Exchange run(WriteBuffer message, Object token, Duration timeout, boolean keepRows, Runnable onQueued, Exchange.Resend resend) {
        Cancellation.check();
        long deadline = deadline(timeout);
        for (int resends = 0; ; resends++) {
            var exchange = new Exchange(message.array(), message.position(), keepRows);
            exchange.resend = resend;
            try (var abort = Cancellation.onAbort(() -> requestCancel(exchange))) {
                submit(exchange, token, deadline, resends == 0 ? onQueued : null);
                await(exchange, deadline);
            }
            if (exchange.cancelRequested) {
                Cancellation.check();
            }
            if (resends == MAX_STRAY_RESENDS || !exchange.hitByStrayCancelAndResendable()) {
                return exchange;
            }
        }
    }

    /**
     * Runs cleanup (ROLLBACK) even when the caller's scope is cancelled: no cancellation check, bounded by
     * {@code cancel_grace}. If it cannot finish, the connection is closed rather than left mid-transaction.
     */
    Exchange runShielded(WriteBuffer message, Object token) {
        var exchange = new Exchange(message.array(), message.position(), false);
        long deadline = System.nanoTime() + options.cancelGrace().toNanos();
        submit(exchange, token, deadline, null);
        await(exchange, deadline);
        if (!exchange.isDone()) {
            fail(new IllegalStateException("cleanup did not finish within cancel_grace " + options.cancelGrace()));
        }
        return exchange;
    }

    /**
     * Queues {@code exchange} (a COPY statement, carrying its {@link CopyChannel}) and returns without
     * waiting for the answer: the caller then streams with {@link #send} and ends with {@link #finish}.
     * The caller holds ownership, so nothing else is written between the COPY's messages.
     */
    void begin(Exchange exchange, Object token, long deadline) {
        Cancellation.check();
        submit(exchange, token, deadline, null);
    }

    /**
     * Writes protocol messages that get no answer of their own (CopyData, CopyDone, CopyFail), blocking
     * while the socket is full. If another thread is still writing earlier requests, at most about
     * {@code MAX_RETAINED_BUFFER} bytes wait behind it, so memory stays bounded.
     */
    void send(WriteBuffer messages) {
        boolean becomeWriter;
        queueLock.lock();
        try {
            while (writing && pending.position() >= MAX_RETAINED_BUFFER && broken == null) {
                try {
                    writerIdle.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancelled("interrupted while sending COPY data", e);
                }
            }
            if (broken != null) {
                throw broken;
            }
            pending.writeBytes(messages.array(), 0, messages.position());
            becomeWriter = !writing;
            writing = true;
        } finally {
            queueLock.unlock();
        }
        if (becomeWriter) {
            drainWrites();
        }
    }

    /** Waits for an exchange queued by {@link #begin}, as {@link #run} does (a CancelRequest once {@code deadline} passes). */
    void finish(Exchange exchange, long deadline) {
        await(exchange, deadline);
        if (exchange.cancelRequested) {
            Cancellation.check();
        }
    }

    /**
     * Queues the exchange. Ownership is awaited before a pipeline slot is taken and checked again after,
     * so callers waiting for a transaction never sit on the slots the transaction needs.
     */
    private void submit(Exchange exchange, Object token, long deadline, Runnable onQueued) {
        boolean becomeWriter;
        while (true) {
            queueLock.lock();
            try {
                awaitOwnership(token, deadline, false);
            } finally {
                queueLock.unlock();
            }
            acquirePermit(deadline);
            boolean queued = false;
            queueLock.lock();
            try {
                if (broken != null) {
                    throw broken;
                }
                if (owner != null && owner != token) {
                    continue; // a transaction took the connection meanwhile: give the slot back and wait
                }
                pending.writeBytes(exchange.bytes, 0, exchange.length);
                exchange.queuedAt = System.nanoTime();
                if (inflight.isEmpty()) {
                    exchange.statusBefore = lastStatus;
                }
                inflight.add(exchange);
                queued = true;
                becomeWriter = !writing;
                writing = true;
                if (onQueued != null) {
                    onQueued.run();
                }
                break;
            } finally {
                if (!queued) {
                    permits.release();
                }
                queueLock.unlock();
            }
        }
        if (becomeWriter) {
            drainWrites();
        }
    }

    private void drainWrites() {
        while (true) {
            WriteBuffer batch;
            queueLock.lock();
            try {
                if (pending.position() == 0 || broken != null) {
                    writing = false;
                    writerIdle.signalAll();
                    return;
                }
                batch = pending;
                pending = spare;
                spare = batch;
            } finally {
                queueLock.unlock();
            }
            try {
                out.write(batch.array(), 0, batch.position());
                out.flush();
            } catch (IOException e) {
                fail(e);
            } finally {
                batch.clear();
                if (batch.array().length > MAX_RETAINED_BUFFER) {
                    spare = new WriteBuffer(WRITE_BUFFER_SIZE); // batch is the spare now; let a burst's buffer go
                }
            }
        }
    }

    private void await(Exchange exchange, long deadline) {
        if (exchange.awaitUntil(deadline)) {
            return;
        }
        // Timeout, deadline or interrupt: cancel on the server and wait for it to give up the query. The
        // grace period counts from when the cancel was sent (a queued request waits for those before it).
        boolean interrupted = Thread.interrupted();
        requestCancel(exchange);
        long grace = options.cancelGrace().toNanos();
        while (!exchange.awaitUntil(System.nanoTime() + CANCEL_RESEND_NANOS)) {
            interrupted |= Thread.interrupted();
            long sentAt = exchange.cancelSentAt;
            if (sentAt != 0 && System.nanoTime() - sentAt > grace) {
                fail(new PgException(ServerMessage.client("57014", "the server did not end a cancelled query within "
                        + options.cancelGrace() + "; connection closed"), null));
                break;
            }
            // A cancel that reaches the backend between two queries is ignored by the server: repeat it.
            requestCancel(exchange);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the server to cancel {@code exchange}'s query, but only while it is the one executing:
     * a CancelRequest cancels whatever the backend runs at that moment, so sending it for a query still
     * queued would hit someone else's. A queued exchange is marked and cancelled when it reaches the head.
     */
    void requestCancel(Exchange exchange) {
        boolean atHead;
        queueLock.lock();
        try {
            exchange.cancelRequested = true;
            atHead = inflight.peek() == exchange && !exchange.isDone();
            if (atHead && exchange.cancelSentAt == 0) {
                exchange.cancelSentAt = System.nanoTime() | 1;
            }
            if (atHead) {
                cancelsInFlight++; // counted before the request leaves, so no request can miss it
            }
        } finally {
            queueLock.unlock();
        }
        if (atHead) {
            Thread.ofVirtual().name("weft-pg-cancel-" + processId).start(this::sendCancelRequest);
        }
    }

    private void sendCancelRequest() {
        try (var side = new Socket()) {
            side.connect(new InetSocketAddress(host.host(), host.port()), 10_000);
            var buffer = new WriteBuffer(16);
            FrontendMessages.cancelRequest(buffer, processId, secretKey);
            side.getOutputStream().write(buffer.array(), 0, buffer.position());
            side.getOutputStream().flush();
            // The server closes the side connection once it has read the request.
            side.setSoTimeout(10_000);
            side.getInputStream().read();
        } catch (IOException ignored) {
            // Best effort: the waiter's cancel grace bounds what happens if the request is lost.
        } finally {
            queueLock.lock();
            try {
                cancelsInFlight--;
                lastCancelLandedAt = System.nanoTime() | 1;
                quiet.signalAll();
            } finally {
                queueLock.unlock();
            }
        }
    }

    /** Whether a cancel of ours may still land on a request queued at {@code queuedAt}; under queueLock. */
    private boolean cancelMayLand(long queuedAt) {
        return cancelsInFlight > 0 || (lastCancelLandedAt != 0 && lastCancelLandedAt + STRAY_SLACK_NANOS - queuedAt > 0);
    }

    /** How many requests a cancel meant for another request has hit so far (each was re-sent when safe). */
    long strayCancels() {
        queueLock.lock();
        try {
            return strayCancels;
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Takes exclusive use for a transaction; waits for another owner to finish, then for the requests
     * still in flight to end and for our cancels in flight to land: a transaction's statements cannot be
     * sent again, so no cancel meant for someone else may reach them.
     */
    void acquireOwnership(Object token, Duration timeout) {
        long deadline = deadline(timeout);
        queueLock.lock();
        try {
            awaitOwnership(token, deadline, true);
            if (broken != null) {
                throw broken;
            }
            owner = token;
            ownerThread = Thread.currentThread();
            boolean quietNow = false;
            try {
                awaitQuiet(deadline);
                quietNow = true;
            } finally {
                if (!quietNow) {
                    releaseOwnership(token);
                }
            }
        } finally {
            queueLock.unlock();
        }
    }

    private void awaitQuiet(long deadline) {
        while (broken == null && (!inflight.isEmpty() || cancelMayLand(System.nanoTime()))) {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                Cancellation.check();
                throw PgException.of(ServerMessage.client("57014", "timed out waiting for the pipeline to drain before a transaction"));
            }
            long slack = inflight.isEmpty() && cancelsInFlight == 0 ? lastCancelLandedAt + STRAY_SLACK_NANOS - System.nanoTime() : Long.MAX_VALUE;
            try {
                quiet.awaitNanos(Math.max(1, Math.min(left, slack)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Cancellation.check();
                throw new Cancelled("interrupted while waiting for the pipeline to drain", e);
            }
        }
        if (broken != null) {
            throw broken;
        }
    }

    /** Gives up exclusive use taken with {@code token}. */
    void releaseOwnership(Object token) {
        queueLock.lock();
        try {
            if (owner == token) {
                owner = null;
                ownerThread = null;
                ownerReleased.signalAll();
            }
        } finally {
            queueLock.unlock();
        }
    }

    private void awaitOwnership(Object token, long deadline, boolean forTransaction) {
        while (owner != null && owner != token && broken == null) {
            if (ownerThread == Thread.currentThread()) {
                throw new IllegalStateException(forTransaction
                        ? "this thread's transaction holds the connection: use the connection handed to the transaction body"
                        : "this thread's transaction holds the connection: run queries through the connection handed to the transaction body");
            }
            try {
                if (deadline == Long.MAX_VALUE) {
                    ownerReleased.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        Cancellation.check();
                        throw PgException.of(ServerMessage.client("57014", "timed out waiting for another caller's transaction to end"));
                    }
                    ownerReleased.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Cancellation.check();
                throw new Cancelled("interrupted while waiting for the connection", e);
            }
        }
    }

    private void acquirePermit(long deadline) {
        try {
            if (permits.tryAcquire()) {
                return;
            }
            boolean got = deadline == Long.MAX_VALUE ? acquireUnbounded() : permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (!got) {
                Cancellation.check();
                throw PgException.of(ServerMessage.client("57014", "timed out waiting for a pipeline slot (max_pipeline="
                        + options.maxPipeline() + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Cancellation.check();
            throw new Cancelled("interrupted while waiting for a pipeline slot", e);
        }
    }

    private boolean acquireUnbounded() throws InterruptedException {
        permits.acquire();
        return true;
    }

    /** The System.nanoTime deadline of a call with {@code timeout} (null: none) in the current weft-core scope. */
    long deadline(Duration timeout) {
        long now = System.nanoTime();
        long deadline = timeout == null ? Long.MAX_VALUE : now + timeout.toNanos();
        var remaining = Cancellation.remaining();
        if (remaining.isPresent()) {
            deadline = Math.min(deadline, now + Math.max(0, remaining.get().toNanos()));
        }
        return deadline;
    }

    private void readLoop() {
        Throwable cause = null;
        try {
            while (true) {
                dispatch(reader.read());
            }
        } catch (Throwable t) {
            cause = t;
        } finally {
            fail(cause);
        }
    }

    private void dispatch(BackendMessage message) {
        switch (message) {
            case ParameterStatus status -> parameters.put(status.name(), status.value());
            case NoticeResponse notice -> deliver(noticeListener, new ServerMessage(notice.fields()));
            case NotificationResponse n -> deliver(notificationListener, new Notification(n.processId(), n.channel(), n.payload()));
            case ReadyForQuery ready -> finishHead(ready.status());
            default -> {
                if (current == null) {
                    current = head();
                }
                Exchange head = current;
                if (head == null) {
                    if (message instanceof ErrorResponse error) {
                        // A FATAL error outside any request (admin shutdown, idle timeout): the server hangs up next.
                        throw PgException.of(new ServerMessage(error.fields()));
                    }
                    throw new PgProtocolException("unexpected " + message.getClass().getSimpleName() + " with no request in flight");
                }
                head.onMessage(message);
            }
        }
    }

    private Exchange head() {
        queueLock.lock();
        try {
            return inflight.peek();
        } finally {
            queueLock.unlock();
        }
    }

    private void finishHead(char status) {
        var newStatus = switch (status) {
            case 'I' -> TransactionStatus.IDLE;
            case 'T' -> TransactionStatus.IN_TRANSACTION;
            case 'E' -> TransactionStatus.FAILED;
            default -> throw new PgProtocolException("ReadyForQuery with unknown status '" + status + "'");
        };
        Exchange done;
        Exchange next;
        queueLock.lock();
        try {
            done = inflight.poll();
            next = inflight.peek();
            lastStatus = status;
            if (next != null) {
                next.statusBefore = status;
            } else {
                quiet.signalAll();
            }
            if (done != null && done.error != null && "57014".equals(done.error.sqlState())
                    && !done.cancelRequested && cancelMayLand(done.queuedAt)) {
                done.strayCancel = true;
                strayCancels++;
            }
        } finally {
            queueLock.unlock();
        }
        current = next;
        if (done == null) {
            throw new PgProtocolException("ReadyForQuery with no request in flight");
        }
        transactionStatus = newStatus;
        permits.release();
        done.complete(status, null);
        if (next != null && next.cancelRequested) {
            requestCancel(next);
        }
    }

    private static <T> void deliver(Consumer<T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            // A listener's bug must not break the session; it has no one else to report to.
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }

    /** Marks the connection broken (or closed), fails every waiter and closes the socket. Idempotent. */
    void fail(Throwable cause) {
        ArrayDeque<Exchange> failed;
        PgException error;
        Consumer<PgException> endListener = null;
        queueLock.lock();
        try {
            if (broken == null) {
                try {
                    broken = brokenError(cause);
                } catch (RuntimeException e) {
                    // Whatever happens here, the waiters below must still be woken.
                    broken = new PgException(ServerMessage.client("08006", "connection to " + host + " is broken"), e);
                }
            }
            error = broken;
            if (!ended) {
                ended = true;
                endListener = closeListener;
            }
            failed = new ArrayDeque<>(inflight);
            inflight.clear();
            ownerReleased.signalAll();
            writerIdle.signalAll();
            quiet.signalAll();
        } finally {
            queueLock.unlock();
        }
        for (Exchange exchange : failed) {
            permits.release();
            exchange.complete('E', error);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do; the error above already reached everyone.
        }
        if (endListener != null) {
            deliver(endListener, closedByCaller ? null : error);
        }
    }

    /** Sets the listener told once when the session ends (null cause after {@link #close()}); told at once if it already has. */
    void onClose(Consumer<PgException> listener) {
        Consumer<PgException> effective = listener == null ? cause -> { } : listener;
        boolean alreadyEnded;
        PgException cause;
        queueLock.lock();
        try {
            closeListener = effective;
            alreadyEnded = ended;
            cause = closedByCaller ? null : broken;
        } finally {
            queueLock.unlock();
        }
        if (alreadyEnded) {
            deliver(effective, cause);
        }
    }

    private PgException brokenError(Throwable cause) {
        if (cause instanceof PgException pg) {
            return pg;
        }
        String why = cause == null ? "closed" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        var e = PgException.of(ServerMessage.client("08006", "connection to " + host + " is broken: " + why));
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /** Sends Terminate (unless a write is under way) and closes; idempotent. */
    void close() {
        boolean quiet;
        queueLock.lock();
        try {
            if (broken != null) {
                return;
            }
            broken = PgException.of(ServerMessage.client("08003", "connection to " + host + " is closed"));
            closedByCaller = true;
            quiet = !writing;
        } finally {
            queueLock.unlock();
        }
        if (quiet) {
            try {
                var bye = new WriteBuffer(8);
                FrontendMessages.terminate(bye);
                out.write(bye.array(), 0, bye.position());
                out.flush();
            } catch (IOException ignored) {
                // The server may already be gone; closing the socket below is what matters.
            }
        }
        fail(null);
    }

    boolean isUsable() {
        queueLock.lock();
        try {
            return broken == null;
        } finally {
            queueLock.unlock();
        }
    }

    int inFlight() {
        queueLock.lock();
        try {
            return inflight.size();
        } finally {
            queueLock.unlock();
        }
    }
}
