package dev.weft.http.websocket.protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that WebSockets may hold waiting to be written, shared by every socket of one server: a send
 * reserves its payload here before it waits for the socket, and releases it once written or failed.
 * A send that does not fit is refused at once (the socket is dropped with 1013), so the heap that
 * slow readers can pin is bounded however many of them connect. Thread-safe and lock-free.
 *
 * {@snippet :
 * OutboundBudget serverWide = new OutboundBudget(64L << 20);
 * WebSocketSession ws = WebSocketSession.serve(accepted, in, out, options, serverWide);
 * }
 */
public final class OutboundBudget {
    /** No server-wide bound (a client's sockets, or a session served outside a server). */
    public static final OutboundBudget UNBOUNDED = new OutboundBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /**
     * A budget of {@code limit} bytes.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public OutboundBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit <= 0: " + limit);
        }
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit; false (taking nothing) if they do not. */
    boolean tryReserve(long bytes) {
        if (limit == Long.MAX_VALUE) {
            return true; // unbounded: no shared counter for every socket of every client to contend on
        }
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!used.compareAndSet(now, now + bytes));
        peak.accumulateAndGet(now + bytes, Math::max);
        return true;
    }

    /** Gives back {@code bytes} taken by {@link #tryReserve}. */
    void release(long bytes) {
        if (limit != Long.MAX_VALUE) {
            used.addAndGet(-bytes);
        }
    }

    /** The bound, in bytes. */
    public long limit() {
        return limit;
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    /** The most bytes ever reserved at once. */
    public long peak() {
        return peak.get();
    }
}
