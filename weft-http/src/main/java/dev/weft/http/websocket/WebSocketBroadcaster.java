package dev.weft.http.websocket;

/**
 * Sends the same messages to a changing set of sockets without letting one slow client stall the
 * others: each member has its own queue, bounded in messages and in bytes, drained by its own virtual
 * thread. A member whose queue overflows has fallen too far behind: it is removed and closed with
 * {@link CloseStatus#TRY_AGAIN_LATER 1013} ("try again later"; a client may reconnect and catch up
 * from a fresh state), so no message is ever buffered without bound. A member whose socket closed is
 * removed on its next send. Thread-safe.
 *
 * {@snippet :
 * WebSocketBroadcaster feed = WebSocketBroadcaster.create(256);
 * app.websocket("/feed", (request, ws) -> {
 *     feed.add(ws);
 *     try {
 *         for (WebSocketMessage ignored : ws) { }   // keep reading until the client leaves
 *     } finally {
 *         feed.remove(ws);
 *     }
 * });
 * feed.broadcast("{\"event\":\"user-created\"}");     // from any thread, never blocks on a client
 * }
 */
public interface WebSocketBroadcaster extends AutoCloseable {
    /** The default number of messages a member may have waiting. */
    int DEFAULT_QUEUE_CAPACITY = 256;

    /** The default number of bytes (characters for text) a member may have waiting: 16 MiB. */
    long DEFAULT_MAX_QUEUED_BYTES = 16L << 20;

    /** A broadcaster whose members may each have {@link #DEFAULT_QUEUE_CAPACITY} messages waiting. */
    static WebSocketBroadcaster create() {
        return create(DEFAULT_QUEUE_CAPACITY);
    }

    /**
     * A broadcaster whose members may each have {@code queueCapacity} messages waiting, and at most
     * {@link #DEFAULT_MAX_QUEUED_BYTES} bytes.
     *
     * @throws IllegalArgumentException if {@code queueCapacity} is not positive
     */
    static WebSocketBroadcaster create(int queueCapacity) {
        return create(queueCapacity, DEFAULT_MAX_QUEUED_BYTES);
    }

    /**
     * A broadcaster whose members may each have {@code queueCapacity} messages and
     * {@code maxQueuedBytes} bytes (characters for text) waiting, whichever comes first. The messages
     * are shared, not copied, so the broadcaster holds about {@code maxQueuedBytes} however many members
     * fall behind.
     *
     * @throws IllegalArgumentException if either bound is not positive
     */
    static WebSocketBroadcaster create(int queueCapacity, long maxQueuedBytes) {
        return new RealWebSocketBroadcaster(queueCapacity, maxQueuedBytes);
    }

    /**
     * Adds a socket; it receives every message broadcast from now on.
     *
     * @return false if it was already a member
     * @throws IllegalStateException if the broadcaster is closed
     */
    boolean add(WebSocket socket);

    /** Removes a socket and drops the messages still queued for it; false if it was not a member. */
    boolean remove(WebSocket socket);

    /** How many sockets are members now. */
    int size();

    /** Queues a text message for every member; never blocks on a socket. */
    void broadcast(String text);

    /** Queues a binary message for every member (the array is shared, not copied); never blocks on a socket. */
    void broadcast(byte[] data);

    /**
     * Removes every member without closing its socket and stops the delivering threads, waiting for
     * each to finish the send it is in (bounded by the socket's close timeout).
     */
    @Override
    void close();
}
