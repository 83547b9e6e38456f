package dev.weft.pg.connection;

import dev.weft.core.Cancelled;
import dev.weft.pg.protocol.BackendMessage.CopyResponse;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over between the connection's reader thread and the thread running a COPY: the server's
 * CopyInResponse / CopyOutResponse, the CopyData chunks of a COPY TO STDOUT, and the end of the
 * exchange. The queue of chunks is bounded: when the consumer falls behind, the reader thread waits,
 * the socket stops being read and TCP slows the server down, so memory stays bounded whatever the
 * size of the output. Thread-safe (one producer, one consumer).
 */
final class CopyChannel {
    /** What {@link #take} returns when its deadline passed before a chunk arrived. */
    static final byte[] TIMED_OUT = new byte[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final int capacity;
    private CopyResponse response;
    private boolean ended;
    private boolean discarding;

    /** A channel buffering at most {@code capacity} CopyData messages (one row each, as the server sends them). */
    CopyChannel(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Reader thread: the server entered COPY mode. */
    void started(CopyResponse value) {
        lock.lock();
        try {
            response = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Reader thread: one CopyData message; waits while the queue is full, unless the consumer gave up. */
    void data(byte[] chunk) {
        lock.lock();
        try {
            while (chunks.size() >= capacity && !discarding) {
                changed.awaitUninterruptibly();
            }
            if (!discarding) {
                chunks.add(chunk);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reader thread (or whoever breaks the connection): the exchange is over. */
    void ended() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the server entered COPY mode or the exchange ended (an error before COPY started);
     * returns the response, or null in the second case and when {@code deadlineNanos} passed.
     */
    CopyResponse awaitStart(long deadlineNanos) {
        lock.lock();
        try {
            while (response == null && !ended) {
                if (!awaitUntil(deadlineNanos)) {
                    return null;
                }
            }
            return response;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next CopyData payload; null once the exchange ended and every chunk was taken;
     * {@link #TIMED_OUT} when {@code deadlineNanos} passed first.
     */
    byte[] take(long deadlineNanos) {
        lock.lock();
        try {
            while (chunks.isEmpty()) {
                if (ended) {
                    return null;
                }
                if (!awaitUntil(deadlineNanos)) {
                    return TIMED_OUT;
                }
            }
            byte[] chunk = chunks.poll();
            changed.signalAll();
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    /** The consumer gives up: buffered and future chunks are dropped so the reader thread never waits for it. */
    void discard() {
        lock.lock();
        try {
            discarding = true;
            chunks.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // Called with the lock held; false when the deadline passed.
    private boolean awaitUntil(long deadlineNanos) {
        try {
            if (deadlineNanos == Long.MAX_VALUE) {
                changed.await();
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            changed.awaitNanos(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled("interrupted during COPY", e);
        }
    }
}
