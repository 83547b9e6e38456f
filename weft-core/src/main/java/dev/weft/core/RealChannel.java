package dev.weft.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one implementation of {@link Channel}: a ring buffer and two FIFO queues of parked callers, under
 * one lock. Receivers wait only while the buffer is empty and senders only while it is full, so an item
 * sent while receivers wait goes straight to the oldest of them, and a slot freed while senders wait is
 * filled at once with the oldest sender's item: a {@code tryReceive}/{@code trySend} arriving in between
 * finds nothing to barge in on.
 */
final class RealChannel<T> implements Channel<T> {
    private enum Outcome { WAITING, DONE, CLOSED }

    /** One parked caller; its fields change only under the channel's lock. */
    private static final class Waiter<T> {
        final Condition wake;
        /** A sender's item until it is taken; a receiver's item once it is handed over. */
        T item;
        Outcome outcome = Outcome.WAITING;

        Waiter(Condition wake, T item) {
            this.wake = wake;
            this.item = item;
        }
    }

    private final int capacity;
    private final ArrayDeque<T> items;
    private final ArrayDeque<Waiter<T>> receivers = new ArrayDeque<>();
    private final ArrayDeque<Waiter<T>> senders = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;
    private boolean discarded;

    RealChannel(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity <= 0: " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public void send(T item) {
        Cancellation.check();
        put(item, ScopedCall.FOREVER_NANOS);
    }

    @Override
    public boolean send(T item, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Cancellation.check();
        return put(item, ScopedCall.saturatedNanos(timeout));
    }

    @Override
    public boolean trySend(T item) {
        return put(item, 0);
    }

    @Override
    public T receive() {
        Cancellation.check();
        return take(ScopedCall.FOREVER_NANOS);
    }

    @Override
    public Optional<T> receive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Cancellation.check();
        return Optional.ofNullable(take(ScopedCall.saturatedNanos(timeout)));
    }

    @Override
    public Optional<T> tryReceive() {
        return Optional.ofNullable(take(0));
    }

    /** Adds {@code item}, waiting up to {@code timeoutNanos}; false when the time ran out. */
    private boolean put(T item, long timeoutNanos) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (closed) {
                throw closedError(true);
            }
            Waiter<T> receiver = receivers.pollFirst();
            if (receiver != null) {
                receiver.item = item;
                settle(receiver, Outcome.DONE);
                return true;
            }
            if (items.size() < capacity) {
                items.addLast(item);
                return true;
            }
            if (timeoutNanos <= 0) {
                return false;
            }
            Waiter<T> me = new Waiter<>(lock.newCondition(), item);
            senders.addLast(me);
            return park(me, true, timeoutNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Takes the oldest item, waiting up to {@code timeoutNanos}; null when the time ran out. */
    private T take(long timeoutNanos) {
        lock.lock();
        try {
            T item = items.pollFirst();
            if (item != null) {
                Waiter<T> sender = senders.pollFirst();
                if (sender != null) {
                    items.addLast(sender.item);
                    sender.item = null;
                    settle(sender, Outcome.DONE);
                }
                return item;
            }
            if (closed) {
                throw closedError(false);
            }
            if (timeoutNanos <= 0) {
                return null;
            }
            Waiter<T> me = new Waiter<>(lock.newCondition(), null);
            receivers.addLast(me);
            return park(me, false, timeoutNanos) ? me.item : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parks {@code me} (queued, lock held) until it is served, the channel closes or the time runs out;
     * true when served. A cancellation or deadline that races with the hand-off loses once the
     * hand-off happened: the caller keeps the item (or its sent item stays sent), so nothing is lost
     * or duplicated, and the cancellation takes effect at its next blocking call.
     */
    private boolean park(Waiter<T> me, boolean sending, long timeoutNanos) {
        long end = System.nanoTime() + timeoutNanos;
        try {
            while (me.outcome == Outcome.WAITING) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    (sending ? senders : receivers).remove(me);
                    return false;
                }
                Scope.await(me.wake, left);
            }
        } catch (InterruptedException e) {
            if (me.outcome == Outcome.DONE) {
                Thread.currentThread().interrupt();
                return true;
            }
            (sending ? senders : receivers).remove(me);
            throw Scope.interrupted(e);
        } catch (Cancelled e) {
            if (me.outcome == Outcome.DONE) {
                return true;
            }
            (sending ? senders : receivers).remove(me);
            throw e;
        }
        if (me.outcome == Outcome.CLOSED) {
            throw closedError(sending);
        }
        return true;
    }

    private static <T> void settle(Waiter<T> waiter, Outcome outcome) {
        waiter.outcome = outcome;
        waiter.wake.signal();
    }

    private ChannelClosed closedError(boolean sending) {
        if (sending) {
            return new ChannelClosed(discarded ? "send on a discarded channel" : "send on a closed channel");
        }
        return new ChannelClosed(discarded ? "receive on a discarded channel"
                : "receive on a closed channel with no items left");
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            // Receivers wait only on an empty buffer, so every waiter, on either side, ends now.
            for (Waiter<T> waiter : senders) {
                settle(waiter, Outcome.CLOSED);
            }
            for (Waiter<T> waiter : receivers) {
                settle(waiter, Outcome.CLOSED);
            }
            senders.clear();
            receivers.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<T> discard() {
        lock.lock();
        try {
            discarded = true;
            close();
            List<T> left = new ArrayList<>(items);
            items.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    next = receive();
                    return true;
                } catch (ChannelClosed end) {
                    ended = true;
                    return false;
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed and drained");
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }

    @Override
    public String toString() {
        return "Channel[" + size() + "/" + capacity + (isClosed() ? ", closed]" : "]");
    }
}
