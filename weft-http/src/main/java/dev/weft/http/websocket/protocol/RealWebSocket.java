package dev.weft.http.websocket.protocol;

import dev.weft.core.Cancellation;
import dev.weft.core.Cancelled;
import dev.weft.core.Channel;
import dev.weft.core.ChannelClosed;
import dev.weft.core.Supervisor;
import dev.weft.http.websocket.CloseStatus;
import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketClosed;
import dev.weft.http.websocket.WebSocketMessage;
import dev.weft.http.websocket.WebSocketOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one implementation of {@link WebSocket}: the connection state machine over a pair of streams,
 * for either role. A read loop decodes frames ({@link FrameReader}, {@link MessageReader}), queues
 * messages in a bounded weft-core {@link Channel} (the inbox), answers pings and runs the close
 * handshake; senders share one {@link FrameWriter} behind a {@link ReentrantLock}. The read loop, the
 * heartbeat and the close timer are tasks of the socket's own {@link Supervisor}, which {@link #close()}
 * closes: once it returns, no thread of the socket is alive.
 *
 * <p>States: open; closing once either side sent a close frame (data received after ours is dropped,
 * RFC 6455 §5.5.1); ended once the read loop has finished and both streams are closed. Every close
 * frame this side sends is bounded by the close timeout: past it the streams are closed, which ends
 * the read loop. The first known reason of the end is kept in {@link #status}.
 *
 * <p>Outgoing memory is bounded: each send reserves its payload against the socket's own bound and
 * the server-wide {@link OutboundBudget} before it waits for the write lock, and releases it once
 * written. A send that does not fit drops the connection with 1013 at once, never waiting, and the
 * close of the transport ends the stuck write that holds the reserved bytes.
 */
final class RealWebSocket implements WebSocketSession {
    private static final System.Logger LOG = System.getLogger(RealWebSocket.class.getName());
    private static final int READ_BUFFER = 16 * 1024;

    private final String subprotocol;
    private final InputStream in;
    private final OutputStream out;
    private final WebSocketOptions options;
    private final PerMessageDeflate deflate;
    private final FrameReader frameReader;
    private final MessageReader messageReader;
    private final FrameWriter frameWriter;
    private final Channel<WebSocketMessage> inbox;
    private final Supervisor tasks = Supervisor.open("weft-websocket");
    private final ReentrantLock writeLock = new ReentrantLock();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<CloseStatus> status = new AtomicReference<>();
    private final AtomicBoolean transportClosed = new AtomicBoolean();
    private final OutboundBudget serverWide;
    /** Payload bytes of sends that have not finished writing. */
    private final AtomicLong outbound = new AtomicLong();
    /** Our close frame once written (under {@link #writeLock}); volatile for the lock-free readers. */
    private volatile CloseStatus sentClose;
    private volatile boolean heardFromPeer;
    /** Whether the read loop waits for the application to take messages (so it reads nothing). */
    private volatile boolean readerWaiting;

    private RealWebSocket(Role role, String subprotocol, DeflateParameters deflateParameters, InputStream in,
                          OutputStream out, WebSocketOptions options, OutboundBudget serverWide) {
        this.subprotocol = subprotocol;
        this.serverWide = serverWide;
        this.in = in;
        this.out = out;
        this.options = options;
        this.deflate = deflateParameters == null ? null
                : new PerMessageDeflate(deflateParameters, role, options.deflate().level());
        this.frameReader = new FrameReader(role, options.maxFrameSize(), deflate != null);
        this.messageReader = new MessageReader(options.maxMessageSize(), deflate);
        this.frameWriter = new FrameWriter(role);
        this.inbox = Channel.create(options.receiveQueueSize());
    }

    /** Creates the socket and starts its read loop (and heartbeat, if configured). */
    static RealWebSocket start(Role role, String subprotocol, DeflateParameters deflate, InputStream in,
                               OutputStream out, WebSocketOptions options, OutboundBudget serverWide) {
        RealWebSocket ws = new RealWebSocket(role, subprotocol, deflate, in, out, options, serverWide);
        ws.tasks.spawn("weft-websocket-reader", ws::readLoop);
        if (!options.heartbeat().isZero()) {
            ws.tasks.spawn("weft-websocket-heartbeat", ws::heartbeatLoop);
        }
        return ws;
    }

    // ---- the application's side ----

    @Override
    public WebSocketMessage receive() {
        try {
            return inbox.receive();
        } catch (ChannelClosed e) {
            throw new WebSocketClosed(currentStatus());
        }
    }

    @Override
    public Iterator<WebSocketMessage> iterator() {
        return new Iterator<>() {
            private WebSocketMessage next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = receive();
                    } catch (WebSocketClosed e) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public WebSocketMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the WebSocket is closed: " + currentStatus());
                }
                WebSocketMessage message = next;
                next = null;
                return message;
            }
        };
    }

    @Override
    public void send(String text) {
        sendMessage(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void send(byte[] data) {
        sendMessage(Frame.BINARY, data);
    }

    @Override
    public void ping(byte[] payload) {
        if (payload.length > Frame.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("ping payload longer than 125 bytes: " + payload.length);
        }
        lockForWrite();
        try {
            ensureSendable();
            write(frameWriter.encode(Frame.PING, true, false, payload));
        } finally {
            writeLock.unlock();
        }
    }

    private void sendMessage(int opcode, byte[] data) {
        reserve(data.length);
        try {
            lockForWrite();
            try {
                ensureSendable();
                boolean compress = deflate != null;
                byte[] payload = compress ? deflate.compress(data) : data;
                if (frameWriter.sendsPayloadAsIs()) {
                    // No copy of the payload: a stalled peer then pins only the message itself.
                    write(frameWriter.header(opcode, true, compress, payload.length), payload);
                } else {
                    write(frameWriter.encode(opcode, true, compress, payload));
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            outbound.addAndGet(-data.length);
            serverWide.release(data.length);
        }
    }

    /**
     * Reserves a message's bytes, or drops the connection at once when they do not fit: a peer that
     * lets sends pile up is not reading, and the server must not wait for it (nor let it pin memory).
     * A message larger than the socket's bound passes when nothing else waits, or it could never be sent.
     */
    private void reserve(int bytes) {
        ensureSendable();
        long waiting = outbound.addAndGet(bytes);
        String refused = null;
        if (waiting > options.maxOutboundBytes() && waiting != bytes) {
            refused = "too slow: more than " + options.maxOutboundBytes() + " bytes waiting to be sent";
        } else if (!serverWide.tryReserve(bytes)) {
            refused = "server overloaded: more than " + serverWide.limit() + " bytes waiting for WebSocket peers";
        }
        if (refused != null) {
            outbound.addAndGet(-bytes);
            status.compareAndSet(null, new CloseStatus(CloseStatus.TRY_AGAIN_LATER, CloseReasons.truncate(refused)));
            closeTransport();
            throw new WebSocketClosed(currentStatus());
        }
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL_CLOSURE, "");
    }

    @Override
    public void close(int code, String reason) {
        CloseStatus request = CloseReasons.forSending(code, reason);
        trySendClose(request); // first: a receiver woken by discard() may close too, and ours must be the code sent
        inbox.discard();
        awaitEnd();
    }

    @Override
    public boolean awaitClosed(Duration timeout) {
        Cancellation.check();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            throw cancelledBy(e, "interrupted while waiting for the WebSocket to close");
        }
        return tasks.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public boolean isOpen() {
        return sentClose == null && status.get() == null && !transportClosed.get();
    }

    @Override
    public Optional<String> subprotocol() {
        return Optional.ofNullable(subprotocol);
    }

    @Override
    public Optional<CloseStatus> closeStatus() {
        return Optional.ofNullable(status.get());
    }

    @Override
    public String toString() {
        return "WebSocket[" + (isOpen() ? "open" : "closed " + currentStatus()) + "]";
    }

    // ---- writing ----

    private void lockForWrite() {
        Cancellation.check();
        try {
            writeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw cancelledBy(e, "interrupted while waiting to send");
        }
    }

    private void ensureSendable() {
        if (sentClose != null || transportClosed.get()) {
            throw new WebSocketClosed(currentStatus());
        }
    }

    /** Writes one frame, in parts; the caller holds the write lock. A cancelled write aborts the connection. */
    private void write(byte[]... frame) {
        try (var abort = Cancellation.onAbort(this::closeTransport)) {
            for (byte[] part : frame) {
                out.write(part);
            }
            out.flush();
        } catch (IOException e) {
            closeTransport();
            Cancellation.check();
            throw new WebSocketClosed(currentStatus(), e);
        }
    }

    /**
     * Sends our close frame unless one was sent already. A writer holding the lock past the close
     * timeout is stuck on a peer that does not read: the connection is then dropped instead.
     */
    private boolean trySendClose(CloseStatus closeStatus) {
        byte[] payload = MessageReader.closePayload(closeStatus);
        if (!tryLockForControl(options.closeTimeout().toNanos())) {
            status.compareAndSet(null, closeStatus); // the close was ours, even if its frame could not be sent
            closeTransport();
            return false;
        }
        try {
            if (sentClose != null || transportClosed.get()) {
                return false;
            }
            sentClose = closeStatus;
            return writeQuietly(frameWriter.encode(Frame.CLOSE, true, false, payload));
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends a pong or a heartbeat ping if the socket is open; gives up after {@code waitNanos}. */
    private boolean trySendControl(int opcode, byte[] payload, long waitNanos) {
        if (!tryLockForControl(waitNanos)) {
            return false;
        }
        try {
            return sentClose == null && !transportClosed.get()
                    && writeQuietly(frameWriter.encode(opcode, true, false, payload));
        } finally {
            writeLock.unlock();
        }
    }

    private boolean tryLockForControl(long waitNanos) {
        try {
            return writeLock.tryLock(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean writeQuietly(byte[] frame) {
        try {
            out.write(frame);
            out.flush();
            return true;
        } catch (IOException e) {
            closeTransport();
            return false;
        }
    }

    // ---- the read loop ----

    private void readLoop() {
        try {
            byte[] buffer = new byte[READ_BUFFER];
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, 0);
            while (true) {
                Frame frame = frameReader.next(bytes);
                if (frame == null) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        status.compareAndSet(null, new CloseStatus(CloseStatus.ABNORMAL_CLOSURE,
                                "connection closed without a close frame"));
                        return;
                    }
                    bytes.position(0).limit(n);
                } else {
                    heardFromPeer = true;
                    if (handle(frame)) {
                        return;
                    }
                }
            }
        } catch (WebSocketProtocolError e) {
            // Raised by the frame reader: the stream has lost its framing, so no close frame can follow.
            fail(e.toCloseStatus());
        } catch (IOException | Cancelled e) {
            // Cancelled: close() gave up waiting for the peer and stops the loop.
            status.compareAndSet(null, new CloseStatus(CloseStatus.ABNORMAL_CLOSURE,
                    CloseReasons.truncate(transportClosed.get() ? "connection closed" : "connection lost: " + e)));
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "WebSocket read loop failed", e);
            fail(new CloseStatus(CloseStatus.INTERNAL_ERROR, "internal error"));
        } finally {
            status.compareAndSet(null, new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "connection ended"));
            inbox.close();
            closeTransport();
            releaseCodec();
            ended.countDown();
        }
    }

    /** Acts on one frame; true when the read loop is done. */
    private boolean handle(Frame frame) {
        if (sentClose != null && frame.opcode() != Frame.CLOSE) {
            return false; // closing: only the peer's close frame matters now
        }
        Inbound event;
        try {
            event = messageReader.accept(frame);
        } catch (WebSocketProtocolError e) {
            fail(e.toCloseStatus());
            if (frame.opcode() == Frame.CLOSE) {
                return true; // the peer has already sent its (bad) close frame: nothing more will come
            }
            // The framing is intact: wait for the peer's close frame, but no longer than the close timeout.
            try {
                tasks.spawn("weft-websocket-close-timeout", this::closeAfterTimeout);
            } catch (IllegalStateException closing) {
                closeTransport(); // close() is ending the socket's tasks: no wait is left to bound
            }
            return false;
        }
        switch (event) {
            case null -> { }
            case Inbound.Message message -> deliver(message.message());
            case Inbound.Ping ping -> trySendControl(Frame.PONG, ping.payload(), options.closeTimeout().toNanos());
            case Inbound.Pong pong -> { }
            case Inbound.Close close -> {
                status.compareAndSet(null, close.status());
                trySendClose(close.status()); // echo (RFC 6455 §5.5.1) unless we started the handshake
                return true;
            }
        }
        return false;
    }

    /** Queues a message for the application, waiting while the inbox is full; dropped once nobody will take it. */
    private void deliver(WebSocketMessage message) {
        try {
            if (!inbox.trySend(message)) {
                readerWaiting = true;
                try {
                    inbox.send(message);
                } finally {
                    readerWaiting = false;
                }
            }
        } catch (ChannelClosed e) {
            // The application closed the socket, or the connection failed: the message has no taker.
        }
    }

    /** Fails the connection (RFC 6455 §7.1.7): records why, tells the peer, stops delivering messages. */
    private void fail(CloseStatus failure) {
        status.compareAndSet(null, failure);
        trySendClose(failure); // before waking the application, whose own close() would otherwise go first
        inbox.close();
    }

    private void closeAfterTimeout() {
        try {
            if (!ended.await(options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                closeTransport();
            }
        } catch (InterruptedException e) {
            closeTransport();
        }
    }

    // ---- heartbeat and shutdown ----

    private void heartbeatLoop() {
        long interval = options.heartbeat().toNanos();
        boolean pingOutstanding = false;
        try {
            while (!ended.await(interval, TimeUnit.NANOSECONDS)) {
                // A read loop waiting for the application to take messages reads nothing: that is not the peer's fault.
                if (pingOutstanding && !heardFromPeer && !readerWaiting) {
                    status.compareAndSet(null, new CloseStatus(CloseStatus.ABNORMAL_CLOSURE,
                            "no pong within " + options.heartbeat()));
                    closeTransport();
                    return;
                }
                heardFromPeer = false;
                pingOutstanding = trySendControl(Frame.PING, new byte[0], 0);
            }
        } catch (InterruptedException e) {
            closeTransport();
        }
    }

    /** Waits for the peer's part of the close, then ends the socket's tasks. */
    private void awaitEnd() {
        long timeout = options.closeTimeout().toNanos();
        try {
            if (!ended.await(timeout, TimeUnit.NANOSECONDS)) {
                closeTransport();
                ended.await(timeout, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            closeTransport();
            Thread.currentThread().interrupt();
        } finally {
            tasks.close();
        }
    }

    private void closeTransport() {
        if (transportClosed.compareAndSet(false, true)) {
            closeQuietly(out);
            closeQuietly(in);
        }
    }

    /** Frees the zlib memory once no writer can be using it: ensureSendable fails from now on. */
    private void releaseCodec() {
        if (deflate != null) {
            writeLock.lock();
            try {
                deflate.close();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // The connection is being torn down; a failure to close one of its streams changes nothing.
        }
    }

    private CloseStatus currentStatus() {
        CloseStatus known = status.get();
        if (known != null) {
            return known;
        }
        CloseStatus sent = sentClose;
        return sent != null ? sent : new CloseStatus(CloseStatus.ABNORMAL_CLOSURE, "connection closed");
    }

    private static Cancelled cancelledBy(InterruptedException e, String what) {
        Cancellation.check();
        Thread.currentThread().interrupt();
        return new Cancelled(what, e);
    }
}
