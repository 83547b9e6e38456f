package dev.weft.core;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The one implementation of {@link Channel}: a ring buffer under one lock with two conditions. */
final class RealChannel<T> implements Channel<T> {
    private final int capacity;
    private final ArrayDeque<T> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private boolean closed;

    RealChannel(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity <= 0: " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public void send(T item) {
        Objects.requireNonNull(item, "item");
        Cancellation.check();
        lock.lock();
        try {
            while (!closed && items.size() == capacity) {
                notFull.await();
            }
            add(item);
        } catch (InterruptedException e) {
            throw Scope.interrupted(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean trySend(T item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (!closed && items.size() == capacity) {
                return false;
            }
            add(item);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void add(T item) {
        if (closed) {
            throw new ChannelClosed("send on a closed channel");
        }
        items.addLast(item);
        notEmpty.signal();
    }

    @Override
    public T receive() {
        Cancellation.check();
        lock.lock();
        try {
            while (!closed && items.isEmpty()) {
                notEmpty.await();
            }
            return take();
        } catch (InterruptedException e) {
            throw Scope.interrupted(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<T> tryReceive() {
        lock.lock();
        try {
            if (!closed && items.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(take());
        } finally {
            lock.unlock();
        }
    }

    private T take() {
        T item = items.pollFirst();
        if (item == null) {
            throw new ChannelClosed("receive on a closed channel with no items left");
        }
        notFull.signal();
        return item;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
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
