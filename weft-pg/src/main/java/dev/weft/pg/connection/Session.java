package dev.weft.pg.connection;

import dev.weft.core.Cancellation;
import dev.weft.core.Cancelled;
import dev.weft.core.Supervisor;
import dev.weft.pg.Notification;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgException;
import dev.weft.pg.PgHost;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage;
import dev.weft.pg.protocol.BackendMessage.ReadyForQuery;
import dev.weft.pg.protocol.FrontendMessages;
import dev.weft.pg.protocol.Pipeline;
import dev.weft.pg.protocol.Pipeline.Completion;
import dev.weft.pg.protocol.Request.Resend;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The socket owner of one session after startup: it queues callers' exchanges in the {@link Pipeline}
 * and appends their bytes to the {@link BatchWriter} under one short lock (so byte order and queue
 * order agree), reads the server's messages and feeds them to the pipeline, and does what the pipeline
 * answers: wakes the waiter of a finished exchange, hands COPY data over, sends CancelRequests through
 * {@link CancelRequests}. A transaction takes ownership: callers without the owner's token wait.
 * Thread-safe.
 *
 * <p>Who reads: see {@link ReaderRole}. A caller reading its own answer is blocked in the socket read,
 * so the watcher thread keeps its time (CancelRequest at the deadline, repeats, cancel_grace). A raw
 * {@link Thread#interrupt()} of a caller blocked in that read closes the socket (the JDK's rule for
 * virtual threads) and so breaks the session; weft-core cancellation and deadlines send a CancelRequest
 * instead and keep it.
 *
 * <p>A query hit by a cancel meant for another one (see {@link Pipeline}) is sent again by {@link #run}
 * when it had no effect, at most {@code MAX_STRAY_RESENDS} times; a transaction first waits for the
 * pipeline to drain and for cancels in flight to land.
 */
final class Session {
    /** Re-sends of one request hit by stray cancels; each needs another cancel landing in the same window. */
    private static final int MAX_STRAY_RESENDS = 3;

    private final PgConnectOptions options;
    private final PgHost host;
    private final int processId;
    private final String authMechanism;
    private final Map<String, String> parameters;
    private final Socket socket;
    private final OutputStream out;
    private final BackendReader reader;
    private final CancelRequests cancels;
    /** The watcher and the CancelRequests' side connections: closed, and joined, by {@link #close()}. */
    private final Supervisor tasks;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition quiet = lock.newCondition(); // the queue emptied or a cancel landed
    private final Condition watcherWake = lock.newCondition();
    private final Pipeline<Exchange> pipeline = new Pipeline<>();
    private final BatchWriter writer;
    private final PipelineSlots slots;
    private final ReaderRole role;
    private final Ownership ownership = new Ownership(lock, this::isBroken);
    private PgException broken;
    private boolean closedByCaller;
    private final SessionListeners listeners = new SessionListeners();

    Session(PgConnectOptions options, PgHost host, Socket socket, BackendReader reader, Startup.Result startup) throws IOException {
        this.options = options;
        this.host = host;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = reader;
        this.processId = startup.processId();
        this.authMechanism = startup.authMechanism();
        this.parameters = new ConcurrentHashMap<>(startup.parameters());
        this.slots = new PipelineSlots(options.maxPipeline());
        this.writer = new BatchWriter(lock, out, this::fail);
        this.tasks = Supervisor.open("weft-pg session " + processId);
        this.cancels = new CancelRequests(host, processId, startup.secretKey(), this::cancelLanded, tasks);
        this.role = new ReaderRole(options.cancelGrace().toNanos(), System.nanoTime());
    }

    /** Starts the watcher thread; called once, right after construction. */
    void start() {
        tasks.spawn("weft-pg-reader-" + processId, this::watch);
    }

    PgConnectOptions options() {
        return options;
    }

    PgHost host() {
        return host;
    }

    int processId() {
        return processId;
    }

    /** The authentication mechanism used at startup (for tests and diagnostics). */
    String authMechanism() {
        return authMechanism;
    }

    String parameter(String name) {
        return parameters.get(name);
    }

    Map<String, String> parameters() {
        return Map.copyOf(parameters);
    }

    /** The status of the last ReadyForQuery. */
    TransactionStatus transactionStatus() {
        return pipeline.transactionStatus();
    }

    void onNotice(Consumer<ServerMessage> listener) {
        listeners.onNotice(listener);
    }

    void onNotification(Consumer<Notification> listener) {
        listeners.onNotification(listener);
    }

    /** Sets the listener told once when the session ends (null cause after {@link #close()}); told at once if it already has. */
    void onClose(Consumer<PgException> listener) {
        listeners.onClose(listener);
    }

    /** Sends {@code message} (exactly one Sync, or one simple Query) and waits for its answer; never re-sent. */
    Exchange run(WriteBuffer message, Object token, Duration timeout, boolean keepRows) {
        return run(message, token, timeout, keepRows, null, Resend.NEVER);
    }

    /**
     * Sends {@code message} (which must end with exactly one Sync or be one simple Query) and waits for
     * its answer. {@code token} is the transaction owner's token, or null; {@code onQueued} runs (under
     * the lock) once the bytes are first queued; {@code resend} says whether the message may be sent
     * again when a cancel meant for another request hit it. Returns the finished exchange; the caller
     * checks its error. Honours {@code timeout} (QueryCanceled after a CancelRequest; it covers all sends
     * together) and the weft-core deadline and cancellation.
     */
    @SuppressWarnings("try") // the registration only needs to be open around the blocking part
    Exchange run(WriteBuffer message, Object token, Duration timeout, boolean keepRows, Runnable onQueued, Resend resend) {
        Cancellation.check();
        long deadline = deadline(timeout);
        for (int resends = 0; ; resends++) {
            var exchange = new Exchange(message, keepRows, resend);
            try (var abort = Cancellation.onAbort(() -> requestCancel(exchange))) {
                if (submit(exchange, token, deadline, resends == 0 ? onQueued : null, true)) {
                    readOwnAnswer(exchange);
                } else {
                    await(exchange, deadline);
                }
            }
            if (exchange.cancelRequested()) {
                Cancellation.check();
            }
            if (resends == MAX_STRAY_RESENDS || !exchange.resendable()) {
                return exchange;
            }
        }
    }

    /**
     * Runs cleanup (ROLLBACK) even when the caller's scope is cancelled: no cancellation check, bounded by
     * {@code cancel_grace}. If it cannot finish, the connection is closed rather than left mid-transaction.
     */
    Exchange runShielded(WriteBuffer message, Object token) {
        var exchange = new Exchange(message, false, Resend.NEVER);
        long deadline = System.nanoTime() + options.cancelGrace().toNanos();
        submit(exchange, token, deadline, null, false);
        await(exchange, deadline);
        if (!exchange.isDone()) {
            fail(new IllegalStateException("cleanup did not finish within cancel_grace " + options.cancelGrace()));
        }
        return exchange;
    }

    /**
     * Queues {@code exchange} (a COPY statement carrying its channel) and returns without
     * waiting for the answer: the caller then streams with {@link #send} and ends with {@link #finish}.
     * The caller holds ownership, so nothing else is written between the COPY's messages.
     */
    void begin(Exchange exchange, Object token, long deadline) {
        Cancellation.check();
        submit(exchange, token, deadline, null, false);
    }

    /**
     * Writes protocol messages that get no answer of their own (CopyData, CopyDone, CopyFail), blocking
     * while the socket is full. If another thread is still writing earlier requests, at most about
     * {@link BatchWriter#MAX_RETAINED_BUFFER} bytes wait behind it, so memory stays bounded.
     */
    void send(WriteBuffer messages) {
        boolean becomeWriter;
        lock.lock();
        try {
            writer.awaitRoom();
            if (broken != null) {
                throw broken;
            }
            becomeWriter = writer.append(messages.array(), messages.position());
        } finally {
            lock.unlock();
        }
        if (becomeWriter) {
            writer.drain();
        }
    }

    /** Waits for an exchange queued by {@link #begin}, as {@link #run} does (a CancelRequest once {@code deadline} passes). */
    void finish(Exchange exchange, long deadline) {
        await(exchange, deadline);
        if (exchange.cancelRequested()) {
            Cancellation.check();
        }
    }

    /**
     * Queues the exchange; returns whether the caller took the reader role (only when {@code mayRead})
     * and must {@link #readOwnAnswer}. Ownership is awaited before a pipeline slot is taken and checked
     * again after, so callers waiting for a transaction never sit on the slots the transaction needs.
     */
    private boolean submit(Exchange exchange, Object token, long deadline, Runnable onQueued, boolean mayRead) {
        boolean becomeWriter;
        boolean readsOwn = false;
        while (true) {
            lock.lock();
            try {
                ownership.awaitFree(token, deadline, false);
            } finally {
                lock.unlock();
            }
            slots.acquire(deadline);
            boolean queued = false;
            lock.lock();
            try {
                if (broken != null) {
                    throw broken;
                }
                if (ownership.heldByOther(token)) {
                    continue; // a transaction took the connection meanwhile: give the slot back and wait
                }
                pipeline.enqueue(exchange, System.nanoTime());
                queued = true;
                becomeWriter = writer.append(exchange.bytes, exchange.length);
                if (onQueued != null) {
                    onQueued.run();
                }
                // An interrupted thread's socket read would close the socket: such a caller waits instead,
                // and its interrupt cancels only its query.
                readsOwn = mayRead && !Thread.currentThread().isInterrupted()
                        && role.claimForCaller(exchange, deadline, pipeline.inFlight() == 1);
                if (role.watcherNeeded(readsOwn, deadline)) {
                    watcherWake.signal(); // someone must read now, or keep this caller's time
                }
                break;
            } finally {
                lock.unlock();
                if (!queued) {
                    slots.release();
                }
            }
        }
        if (becomeWriter) {
            writer.drain();
        }
        return readsOwn;
    }

    /** The lone caller reads until its own ReadyForQuery, then gives the reader role back. */
    private void readOwnAnswer(Exchange exchange) {
        try {
            while (!exchange.isDone()) {
                dispatch(reader.read());
            }
        } catch (Throwable t) {
            fail(t);
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
        while (!exchange.awaitUntil(System.nanoTime() + ReaderRole.CANCEL_RESEND_NANOS)) {
            interrupted |= Thread.interrupted();
            long sentAt = exchange.cancelSentAt();
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
     * Asks the server to cancel {@code exchange}'s query, but only while it is the one executing (see
     * {@link Pipeline#cancel}); a queued exchange is cancelled when it reaches the head.
     */
    void requestCancel(Exchange exchange) {
        boolean send;
        lock.lock();
        try {
            send = pipeline.cancel(exchange, System.nanoTime());
            if (role.isOwnReader(exchange)) {
                watcherWake.signal(); // it repeats the cancel and enforces cancel_grace for the blocked reader
            }
        } finally {
            lock.unlock();
        }
        if (send) {
            cancels.send();
        }
    }

    private void cancelLanded() {
        lock.lock();
        try {
            pipeline.cancelLanded(System.nanoTime());
            quiet.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many requests a cancel meant for another request has hit so far (each was re-sent when safe). */
    long strayCancels() {
        lock.lock();
        try {
            return pipeline.strayCancels();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes exclusive use for a transaction; waits for another owner to finish, then for the requests
     * still in flight to end and for our cancels in flight to land: a transaction's statements cannot be
     * sent again, so no cancel meant for someone else may reach them.
     */
    void acquireOwnership(Object token, Duration timeout) {
        long deadline = deadline(timeout);
        lock.lock();
        try {
            ownership.awaitFree(token, deadline, true);
            if (broken != null) {
                throw broken;
            }
            ownership.take(token);
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
            lock.unlock();
        }
    }

    private void awaitQuiet(long deadline) {
        long wait;
        while (broken == null && (wait = pipeline.quietIn(System.nanoTime())) > 0) {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                Cancellation.check();
                throw PgException.of(ServerMessage.client("57014", "timed out waiting for the pipeline to drain before a transaction"));
            }
            try {
                quiet.awaitNanos(Math.max(1, Math.min(left, wait)));
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
        lock.lock();
        try {
            ownership.release(token);
        } finally {
            lock.unlock();
        }
    }

    /** The System.nanoTime deadline of a call with {@code timeout} (null: none) in the current weft-core scope. */
    static long deadline(Duration timeout) {
        long now = System.nanoTime();
        long deadline = timeout == null ? Long.MAX_VALUE : now + timeout.toNanos();
        var remaining = Cancellation.remaining();
        if (remaining.isPresent()) {
            deadline = Math.min(deadline, now + Math.max(0, remaining.get().toNanos()));
        }
        return deadline;
    }

    /**
     * The watcher: takes the reader role when {@link ReaderRole#watch} says so, reads until it gives the
     * role up, and in between keeps time for a caller reading its own answer. Ends when the session does.
     */
    private void watch() {
        Throwable cause = null;
        try {
            while (awaitReaderRole()) {
                while (!dispatch(reader.read())) {
                    // reads on until a ReadyForQuery empties the pipeline
                }
            }
        } catch (Throwable t) {
            cause = t;
        } finally {
            fail(cause);
        }
    }

    /** Waits until the watcher should read (true) or the session ended (false), keeping time meanwhile. */
    private boolean awaitReaderRole() throws InterruptedException {
        while (true) {
            ReaderRole.Watch next;
            lock.lock();
            try {
                if (broken != null) {
                    return false;
                }
                long now = System.nanoTime();
                next = role.watch(now, pipeline.isEmpty());
                switch (next) {
                    case ReaderRole.Read ignored -> {
                        return true;
                    }
                    case ReaderRole.Sleep sleep when sleep.until() == Long.MAX_VALUE -> watcherWake.await();
                    case ReaderRole.Sleep sleep -> watcherWake.awaitNanos(sleep.until() - now);
                    default -> { } // acted on below, outside the lock
                }
            } finally {
                lock.unlock();
            }
            switch (next) {
                case ReaderRole.Cancel cancel -> requestCancel(cancel.exchange());
                case ReaderRole.Fail late -> failUnlessDone(late.exchange());
                default -> { }
            }
        }
    }

    private void failUnlessDone(Exchange exchange) {
        if (!exchange.isDone()) {
            fail(new PgException(ServerMessage.client("57014", "the server did not end a cancelled query within "
                    + options.cancelGrace() + "; connection closed"), null));
        }
    }

    /**
     * Feeds one message to the pipeline and does what it answers; returns whether the reader gave the
     * reader role up: a caller reading its own answer after its ReadyForQuery, the watcher once the
     * pipeline is empty.
     */
    private boolean dispatch(BackendMessage message) {
        if (message instanceof ReadyForQuery ready) {
            Completion<Exchange> completion;
            boolean released;
            lock.lock();
            try {
                completion = pipeline.ready(ready.status(), System.nanoTime());
                if (pipeline.isEmpty()) {
                    quiet.signalAll();
                }
                released = role.releaseAfter(completion.done(), pipeline.isEmpty(), System.nanoTime());
                if (released && !pipeline.isEmpty()) {
                    watcherWake.signal(); // the requests queued behind need a reader
                }
            } finally {
                lock.unlock();
            }
            slots.release();
            completion.done().wake();
            if (completion.cancelNext() != null) {
                cancels.send();
            }
            return released;
        }
        switch (pipeline.onMessage(message)) {
            case Pipeline.Consumed<Exchange> ignored -> { }
            case Pipeline.ParameterChanged<Exchange> changed -> parameters.put(changed.name(), changed.value());
            case Pipeline.Notice<Exchange> notice -> listeners.notice(notice.notice());
            case Pipeline.Notify<Exchange> notify -> listeners.notification(notify.notification());
            case Pipeline.CopyStarted<Exchange> started -> Copies.offer(started.request().copy, started.response());
            case Pipeline.CopyChunk<Exchange> chunk -> Copies.offer(chunk.request().copy, chunk.data());
        }
        return false;
    }

    /** Marks the connection broken (or closed), fails every waiter and closes the socket. Idempotent. */
    void fail(Throwable cause) {
        List<Exchange> failed;
        PgException error;
        lock.lock();
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
            failed = pipeline.failAll(error);
            writer.stop();
            ownership.wakeAll();
            quiet.signalAll();
            watcherWake.signalAll();
        } finally {
            lock.unlock();
        }
        for (Exchange exchange : failed) {
            slots.release();
            exchange.wake();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do; the error above already reached everyone.
        }
        listeners.ended(closedByCaller ? null : error);
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

    /**
     * Sends Terminate (unless a write is under way or the session already ended), closes the socket and
     * ends the session's threads, waiting for them: the watcher at once, CancelRequests in flight once
     * they landed or {@code cancel_grace} passed. Idempotent.
     */
    void close() {
        boolean terminate;
        lock.lock();
        try {
            terminate = broken == null && !writer.isWriting();
            if (broken == null) {
                broken = PgException.of(ServerMessage.client("08003", "connection to " + host + " is closed"));
                closedByCaller = true;
            }
        } finally {
            lock.unlock();
        }
        if (terminate) {
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
        try {
            // CancelRequests in flight get to land: closing a side connection before the server does is
            // legal, but pgbouncer 1.18 dies of it ("bad client state"). The watcher ends at once.
            tasks.awaitIdle(options.cancelGrace());
        } catch (RuntimeException cancelled) {
            // The caller is cancelled: its next blocking call says so; the session closes all the same.
        } finally {
            tasks.close();
        }
    }

    /** Threads the session started that have not ended yet (for tests and diagnostics). */
    int activeTasks() {
        return tasks.activeTasks();
    }

    // Under the lock.
    private boolean isBroken() {
        return broken != null;
    }

    boolean isUsable() {
        lock.lock();
        try {
            return broken == null;
        } finally {
            lock.unlock();
        }
    }

    /** Requests in flight (for tests and diagnostics). */
    int inFlight() {
        lock.lock();
        try {
            return pipeline.inFlight();
        } finally {
            lock.unlock();
        }
    }
}
