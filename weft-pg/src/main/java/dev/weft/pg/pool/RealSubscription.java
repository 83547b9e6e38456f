package dev.weft.pg.pool;

import dev.weft.core.Cancellation;
import dev.weft.core.Supervisor;
import dev.weft.pg.Notification;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscription and its delivery queue. The connection's reader only enqueues (it must never block);
 * a task of the pool's supervisor, started on demand, drains the queue into the handler, one call at a
 * time and in order, so a slow handler delays only itself; closing the pool cancels it. When the queue is
 * full, notifications are dropped and the handler gets an {@link ListenGap.Reason#OVERFLOW} gap once it
 * has caught up. Thread-safe.
 */
final class RealSubscription implements Subscription {
    private final ListenConnection owner;
    private final String channel;
    private final NotificationHandler handler;
    private final int maxPending;
    private final Supervisor tasks;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // Notification or ListenGap
    private Instant droppingSince;
    private boolean draining;
    private volatile boolean active = true;

    RealSubscription(ListenConnection owner, String channel, NotificationHandler handler, int maxPending,
                     Supervisor tasks) {
        this.owner = owner;
        this.channel = channel;
        this.handler = handler;
        this.maxPending = maxPending;
        this.tasks = tasks;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void close() {
        if (active) {
            active = false;
            owner.unsubscribe(this);
        }
    }

    /** Called when the listener shuts down: stop delivering, nothing to UNLISTEN. */
    void deactivate() {
        active = false;
    }

    /** Queues a notification (the reader thread calls this; it never blocks for long). */
    void deliver(Notification notification) {
        lock.lock();
        try {
            if (!active) {
                return;
            }
            if (queue.size() >= maxPending) {
                if (droppingSince == null) {
                    droppingSince = Instant.now();
                }
                return;
            }
            queue.add(notification);
            startDrainer();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a gap report; gaps are never dropped, and there is at most one per reconnection. */
    void deliver(ListenGap gap) {
        lock.lock();
        try {
            if (active) {
                queue.add(gap);
                startDrainer();
            }
        } finally {
            lock.unlock();
        }
    }

    private void startDrainer() {
        if (draining) {
            return;
        }
        try {
            tasks.spawn("weft-pg-listen-" + channel, this::drain);
            draining = true;
        } catch (IllegalStateException closing) {
            // The pool is closing (its listener deactivates this subscription next): nothing more is delivered.
            active = false;
            queue.clear();
        }
    }

    private void drain() {
        while (true) {
            Object next;
            lock.lock();
            try {
                next = queue.poll();
                if (next == null && droppingSince != null) {
                    next = new ListenGap(channel, ListenGap.Reason.OVERFLOW, droppingSince, Instant.now());
                    droppingSince = null;
                }
                // Cancelled: the pool is closing, and its listener has deactivated this subscription or soon will.
                if (next == null || !active || Cancellation.isCancelled()) {
                    queue.clear();
                    draining = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                if (next instanceof Notification n) {
                    handler.onNotification(n);
                } else {
                    handler.onGap((ListenGap) next);
                }
            } catch (RuntimeException e) {
                // The handler's own bug: report it where uncaught errors go and keep delivering. A handler cut
                // short because the pool is closing is not wrong: the loop ends instead.
                if (!Cancellation.isCancelled()) {
                    Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
                }
            }
        }
    }
}
