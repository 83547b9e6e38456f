package dev.weft.http.websocket.protocol;

import dev.weft.http.websocket.WebSocket;
import dev.weft.http.websocket.WebSocketMessage;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between a connection's read loop and {@link WebSocket#receive()}. When it is full
 * the read loop waits, which stops reading the socket and lets TCP push back on the peer. Thread-safe.
 *
 * <p>{@link #finish()} means no more messages will come (the peer closed): takers still get what is
 * queued. {@link #discard()} means nobody wants them any more (the application closed the socket): the
 * queue empties, a waiting producer is released and later messages are dropped.
 */
final class Inbox {
    private final int capacity;
    private final ArrayDeque<WebSocketMessage> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private boolean finished;
    private boolean discarding;
    private boolean producerWaiting;

    Inbox(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity <= 0: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Queues {@code message}, waiting while the queue is full; drops it once the inbox is discarding.
     *
     * @return whether the message was queued
     */
    boolean put(WebSocketMessage message) throws InterruptedException {
        lock.lock();
        try {
            while (queue.size() >= capacity && !discarding) {
                producerWaiting = true;
                try {
                    notFull.await();
                } finally {
                    producerWaiting = false;
                }
            }
            if (discarding || finished) {
                return false;
            }
            queue.addLast(message);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next message, waiting up to {@code timeoutNanos} (forever when negative); null when the wait
     * timed out or the inbox is finished and empty (tell them apart with {@link #isDrained()}).
     */
    WebSocketMessage take(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeoutNanos;
            while (queue.isEmpty() && !finished) {
                if (timeoutNanos < 0) {
                    notEmpty.await();
                } else {
                    if (nanos <= 0) {
                        return null;
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
            }
            WebSocketMessage message = queue.pollFirst();
            if (message != null) {
                notFull.signal();
            }
            return message;
        } finally {
            lock.unlock();
        }
    }

    /** No more messages will be put; queued ones can still be taken. */
    void finish() {
        lock.lock();
        try {
            finished = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops queued messages and every later one, and wakes every waiter. */
    void discard() {
        lock.lock();
        try {
            discarding = true;
            finished = true;
            queue.clear();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether nothing is queued and nothing more will be. */
    boolean isDrained() {
        lock.lock();
        try {
            return finished && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the read loop is waiting for the application to take messages (so it reads nothing). */
    boolean isProducerWaiting() {
        lock.lock();
        try {
            return producerWaiting;
        } finally {
            lock.unlock();
        }
    }
}
