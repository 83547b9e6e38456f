package dev.weft.pg.pool;

import dev.weft.core.Cancellation;
import dev.weft.core.Supervisor;
import dev.weft.core.Task;
import dev.weft.pg.Notification;
import dev.weft.pg.PgConnection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's one LISTEN connection, shared by every subscription, and the task that watches it: woken by
 * the connection's close callback when it breaks (or finding it dead at a keepalive ping), it reconnects
 * with exponential backoff, LISTENs on every channel again, and then tells every subscription about the
 * gap. Opened on the first {@code listen}, so that connection errors reach that caller. The watcher and
 * the subscriptions' deliveries are tasks of the pool's {@link Supervisor}. Thread-safe.
 */
final class ListenConnection {
    /** PostgreSQL's identifier limit (NAMEDATALEN - 1); longer channel names would be silently truncated. */
    private static final int MAX_CHANNEL_BYTES = 63;

    private final PgPoolConfig config;
    private final PoolEvents events;
    private final Supervisor tasks;
    private final ReentrantLock lock = new ReentrantLock(); // also serializes LISTEN/UNLISTEN with reconnection
    // Released by the close callback on the connection's reader thread, which must never wait for the lock.
    private final Semaphore wake = new Semaphore(0);
    // Read lock-free by the connection's reader thread, which must never wait for the lock above.
    private final Map<String, List<RealSubscription>> channels = new ConcurrentHashMap<>();
    private PgConnection connection;
    private Task<Void> watcher;
    private boolean closed;

    ListenConnection(PgPoolConfig config, PoolEvents events, Supervisor tasks) {
        this.config = config;
        this.events = events;
        this.tasks = tasks;
    }

    /** Rejects channel names PostgreSQL would refuse or truncate. */
    static void validateChannel(String channel) {
        if (channel == null || channel.isEmpty()) {
            throw new IllegalArgumentException("empty channel name: " + channel);
        }
        if (channel.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("channel name contains NUL: " + channel.replace('\0', '?'));
        }
        int bytes = channel.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CHANNEL_BYTES) {
            throw new IllegalArgumentException("channel name longer than " + MAX_CHANNEL_BYTES + " bytes (" + bytes + "): " + channel);
        }
    }

    /** The channel as a quoted identifier: never concatenated unquoted into SQL. */
    static String quote(String channel) {
        return '"' + channel.replace("\"", "\"\"") + '"';
    }

    Subscription listen(String channel, NotificationHandler handler) {
        validateChannel(channel);
        Objects.requireNonNull(handler, "handler");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the pool is closed");
            }
            if (watcher == null) {
                connection = open();
                watcher = tasks.spawn("weft-pg-listen-watcher", this::watch);
            }
            var subscription = new RealSubscription(this, channel, handler, config.listen().maxPending(), tasks);
            List<RealSubscription> subscribers = channels.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
            if (subscribers.isEmpty() && connection.isUsable()) {
                try {
                    bounded(connection).execute("LISTEN " + quote(channel));
                } catch (RuntimeException e) {
                    if (connection.isUsable()) {
                        channels.remove(channel, subscribers);
                        throw e;
                    }
                    // The connection was lost meanwhile: the watcher listens again after reconnecting.
                }
            }
            subscribers.add(subscription);
            return subscription;
        } finally {
            lock.unlock();
        }
    }

    void unsubscribe(RealSubscription subscription) {
        lock.lock();
        try {
            List<RealSubscription> subscribers = channels.get(subscription.channel());
            if (subscribers == null || !subscribers.remove(subscription) || !subscribers.isEmpty()) {
                return;
            }
            channels.remove(subscription.channel());
            if (!closed && connection != null && connection.isUsable()) {
                try {
                    bounded(connection).execute("UNLISTEN " + quote(subscription.channel()));
                } catch (RuntimeException e) {
                    if (connection.isUsable()) {
                        throw e;
                    }
                    // Lost: the new connection will not listen on this channel, which is what was asked.
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the watcher, closes the connection, and ends every subscription. Idempotent. Does not wait for
     * the watcher: the pool's supervisor, closed after this, does.
     */
    void close() {
        PgConnection last;
        Task<Void> watching;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            last = connection;
            connection = null;
            watching = watcher;
            channels.values().forEach(list -> list.forEach(RealSubscription::deactivate));
            channels.clear();
            wake.release();
        } finally {
            lock.unlock();
        }
        if (last != null) {
            last.close();
        }
        if (watching != null) {
            watching.cancel(); // ends a reconnect blocked in connect(), whose session then closes
        }
    }

    // A LISTEN that never gets an answer must not hold the lock (and so the watcher) forever.
    private PgConnection bounded(PgConnection c) {
        return c.withTimeout(config.listen().keepaliveInterval());
    }

    private PgConnection open() {
        PgConnection fresh = config.factory().connect(config.connectOptions());
        fresh.onNotification(this::dispatch);
        events.attach(fresh, wake::release);
        return fresh;
    }

    // Runs on the connection's reader thread: only enqueues.
    private void dispatch(Notification notification) {
        List<RealSubscription> subscribers = channels.get(notification.channel());
        if (subscribers != null) {
            for (RealSubscription subscription : subscribers) {
                subscription.deliver(notification);
            }
        }
    }

    private void watch() {
        var listen = config.listen();
        long lastPing = System.nanoTime();
        while (true) {
            PgConnection current;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                current = connection;
            } finally {
                lock.unlock();
            }
            long untilPing = listen.keepaliveInterval().toNanos() - (System.nanoTime() - lastPing);
            if (current.isUsable() && untilPing > 0) {
                try {
                    wake.tryAcquire(untilPing, TimeUnit.NANOSECONDS); // a stale permit only costs one more look
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            if (current.isUsable()) {
                if (!current.withTimeout(listen.keepaliveInterval()).ping()) {
                    current.close();
                }
                lastPing = System.nanoTime();
                continue;
            }
            Instant lostAt = Instant.now();
            current.close();
            if (!reconnect()) {
                return;
            }
            lastPing = System.nanoTime();
            Instant resumedAt = Instant.now();
            channels.forEach((channel, subscribers) -> subscribers.forEach(
                    s -> s.deliver(new ListenGap(channel, ListenGap.Reason.CONNECTION_LOST, lostAt, resumedAt))));
        }
    }

    /** Opens a new connection and LISTENs on every channel, retrying with backoff; false once closed. */
    private boolean reconnect() {
        var listen = config.listen();
        long delay = listen.reconnectDelay().toNanos();
        while (true) {
            PgConnection fresh = null;
            try {
                fresh = open();
                lock.lock();
                try {
                    if (closed) {
                        fresh.close();
                        return false;
                    }
                    for (String channel : channels.keySet()) {
                        bounded(fresh).execute("LISTEN " + quote(channel));
                    }
                    connection = fresh;
                    return true;
                } finally {
                    lock.unlock();
                }
            } catch (RuntimeException e) {
                if (fresh != null) {
                    fresh.close();
                }
                if (Cancellation.isCancelled()) {
                    return false; // close() cancelled this watcher
                }
            }
            wake.drainPermits(); // closing the failed attempt released one: it must not cut the backoff short
            try {
                wake.tryAcquire(delay, TimeUnit.NANOSECONDS); // close() cancels this task, which interrupts it
            } catch (InterruptedException e) {
                return false;
            }
            lock.lock();
            try {
                if (closed) {
                    return false;
                }
            } finally {
                lock.unlock();
            }
            delay = Math.min(delay * 2, listen.maxReconnectDelay().toNanos());
        }
    }
}
