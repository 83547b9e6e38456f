package dev.weft.http.websocket;

import dev.weft.core.Cancelled;
import dev.weft.core.Supervisor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one implementation of {@link WebSocketBroadcaster}. Each member is a bounded queue and a task
 * that sends from it; {@code broadcast} only offers to the queues. The delivering tasks and those that
 * close overflowing members belong to the broadcaster's {@link Supervisor}, so that {@link #close()}
 * leaves no thread behind.
 */
final class RealWebSocketBroadcaster implements WebSocketBroadcaster {
    private static final System.Logger LOG = System.getLogger(RealWebSocketBroadcaster.class.getName());
    /** Wakes a member thread that waits for a message so that it sees it was stopped. */
    private static final WebSocketMessage STOP = new WebSocketMessage.Binary(new byte[0]);

    private final int queueCapacity;
    private final long maxQueuedBytes;
    private final Map<WebSocket, Member> members = new ConcurrentHashMap<>();
    private final Supervisor tasks = Supervisor.open("weft-websocket-broadcaster");
    private final ReentrantLock lifecycle = new ReentrantLock();
    private boolean closed;

    RealWebSocketBroadcaster(int queueCapacity, long maxQueuedBytes) {
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity <= 0: " + queueCapacity);
        }
        if (maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("maxQueuedBytes <= 0: " + maxQueuedBytes);
        }
        this.queueCapacity = queueCapacity;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    @Override
    public boolean add(WebSocket socket) {
        Objects.requireNonNull(socket, "socket");
        lifecycle.lock();
        try {
            if (closed) {
                throw new IllegalStateException("broadcaster is closed");
            }
            if (members.containsKey(socket)) {
                return false;
            }
            Member member = new Member(socket);
            members.put(socket, member);
            tasks.spawn("weft-websocket-broadcast", member::deliver);
            return true;
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public boolean remove(WebSocket socket) {
        Member member = members.remove(socket);
        if (member == null) {
            return false;
        }
        member.stop();
        return true;
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public void broadcast(String text) {
        publish(new WebSocketMessage.Text(text));
    }

    @Override
    public void broadcast(byte[] data) {
        publish(new WebSocketMessage.Binary(data));
    }

    private void publish(WebSocketMessage message) {
        long size = size(message);
        for (Member member : members.values()) {
            // Counted before it is queued, so that the member's thread never subtracts what was not added.
            if (member.queuedBytes.addAndGet(size) > maxQueuedBytes || !member.queue.offer(message)) {
                overflow(member);
            }
        }
    }

    private static long size(WebSocketMessage message) {
        return message instanceof WebSocketMessage.Text text ? text.text().length() : message.bytes().length;
    }

    private void overflow(Member member) {
        if (members.remove(member.socket, member)) {
            member.stop();
            // Closing waits for the member's stuck send (up to its close timeout): never on the broadcasting thread.
            try {
                tasks.spawn("weft-websocket-broadcast-close", () -> member.socket.close(CloseStatus.TRY_AGAIN_LATER,
                        "too slow: more than " + queueCapacity + " messages or " + maxQueuedBytes + " bytes waiting"));
            } catch (IllegalStateException closed) {
                // The broadcaster is closing: it leaves its members' sockets open.
            }
        }
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            closed = true;
        } finally {
            lifecycle.unlock();
        }
        for (WebSocket socket : List.copyOf(members.keySet())) {
            remove(socket);
        }
        try {
            // Without a time limit: cancelling a send in progress would close its socket, which close() must not do.
            tasks.awaitIdle(Duration.ofNanos(Long.MAX_VALUE));
        } finally {
            tasks.close();
        }
    }

    /** One socket, its queue and its delivering thread. */
    private final class Member {
        final WebSocket socket;
        final BlockingQueue<WebSocketMessage> queue = new ArrayBlockingQueue<>(queueCapacity);
        final AtomicLong queuedBytes = new AtomicLong();
        volatile boolean stopped;

        Member(WebSocket socket) {
            this.socket = socket;
        }

        /** Drops what is queued and tells the thread to stop; STOP only wakes it if it waits for a message. */
        void stop() {
            stopped = true;
            queue.clear();
            queue.offer(STOP);
        }

        void deliver() {
            try {
                while (true) {
                    WebSocketMessage message = queue.take();
                    if (stopped) {
                        return;
                    }
                    queuedBytes.addAndGet(-size(message));
                    if (message instanceof WebSocketMessage.Text text) {
                        socket.send(text.text());
                    } else {
                        socket.send(message.bytes());
                    }
                }
            } catch (WebSocketClosed | InterruptedException | Cancelled e) {
                members.remove(socket, this);
            } catch (RuntimeException e) {
                members.remove(socket, this);
                LOG.log(System.Logger.Level.WARNING, "broadcast to " + socket + " failed; member removed", e);
            }
        }
    }
}
