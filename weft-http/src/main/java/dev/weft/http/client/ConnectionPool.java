package dev.weft.http.client;

import dev.weft.core.Cancellation;
import dev.weft.core.Cancelled;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's keep-alive connections, at most {@code maxConnections} open in total and
 * {@code maxConnectionsPerHost} per endpoint. A request that finds no idle connection and no free slot
 * waits in a first-come, first-served queue (bounded by the pool timeout, the request's deadline and
 * the scope's deadline); when the total limit is reached but another endpoint has idle connections,
 * the oldest of those is closed to make room. Idle connections older than the keep-alive time are
 * closed by a sweeper thread and never handed out. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    private final ClientConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Endpoint, Host> hosts = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Thread sweeper;
    private int open;
    private int idle;
    private boolean closed;

    /** The connections of one endpoint; guarded by the pool's lock. */
    private static final class Host {
        final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
        int open;
    }

    /** A request waiting for a connection: it gets an idle one or a slot to open one. */
    private static final class Waiter {
        final Endpoint endpoint;
        final boolean fresh;
        final Condition ready;
        ClientConnection connection;
        boolean slot;

        Waiter(Endpoint endpoint, boolean fresh, Condition ready) {
            this.endpoint = endpoint;
            this.fresh = fresh;
            this.ready = ready;
        }

        boolean granted() {
            return slot || connection != null;
        }
    }

    ConnectionPool(ClientConfig config) {
        this.config = config;
        this.sweeper = config.keepAlive().isZero() ? null
                : Thread.ofVirtual().name("weft-http-client-sweeper").start(this::sweepLoop);
    }

    /**
     * Lends a connection to {@code endpoint}: an idle one unless {@code fresh}, else a new one.
     *
     * @throws ClientTimeout when no slot frees up within the pool timeout
     */
    ClientConnection acquire(Endpoint endpoint, long deadlineNanos, boolean fresh) {
        Cancellation.check();
        Waiter waiter = new Waiter(endpoint, fresh, null);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the HTTP client is closed");
            }
            if (waiters.isEmpty()) {
                grant(waiter);
            }
            if (!waiter.granted()) {
                waiter = new Waiter(endpoint, fresh, lock.newCondition());
                waiters.addLast(waiter);
                dispatch();
                await(waiter, deadlineNanos);
            }
        } finally {
            lock.unlock();
        }
        if (waiter.connection != null) {
            return waiter.connection;
        }
        try {
            return ClientConnection.open(endpoint, config, deadlineNanos);
        } catch (RuntimeException e) {
            release(endpoint);
            throw e;
        }
    }

    /** Takes back a connection after a complete exchange: pooled if {@code reusable}, else closed. */
    void recycle(ClientConnection connection, boolean reusable) {
        ClientConnection toClose = connection;
        lock.lock();
        try {
            if (reusable && !closed && !config.keepAlive().isZero() && !connection.broken()) {
                connection.exchanges++;
                connection.idleSinceNanos = System.nanoTime();
                hosts.get(connection.endpoint).idle.addLast(connection);
                idle++;
                toClose = null;
            } else {
                forget(connection.endpoint);
            }
            dispatch();
        } finally {
            lock.unlock();
        }
        if (toClose != null) {
            toClose.abort();
        }
    }

    /** Frees the slot of a connection that was never opened, or was taken over (a WebSocket). */
    void release(Endpoint endpoint) {
        lock.lock();
        try {
            forget(endpoint);
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    PoolStatistics statistics() {
        lock.lock();
        try {
            return new PoolStatistics(open, idle, waiters.size());
        } finally {
            lock.unlock();
        }
    }

    /** Closes the idle connections; connections in use are closed when given back. Idempotent. */
    @Override
    public void close() {
        List<ClientConnection> toClose = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (Host host : hosts.values()) {
                while (!host.idle.isEmpty()) {
                    toClose.add(host.idle.poll());
                    idle--;
                    forgetLocked(host);
                }
            }
            for (Waiter waiter : waiters) {
                waiter.ready.signal();
            }
        } finally {
            lock.unlock();
        }
        if (sweeper != null) {
            sweeper.interrupt();
        }
        toClose.forEach(ClientConnection::abort);
    }

    private void await(Waiter waiter, long deadlineNanos) {
        Duration poolTimeout = config.poolTimeout();
        long limit = poolTimeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + poolTimeout.toNanos();
        limit = Math.min(limit, deadlineNanos);
        try {
            while (!waiter.granted()) {
                if (closed) {
                    throw new IllegalStateException("the HTTP client is closed");
                }
                long left = limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit - System.nanoTime();
                long scope = Cancellation.remaining().map(Duration::toNanos).orElse(Long.MAX_VALUE);
                if (left <= 0) {
                    throw new ClientTimeout(System.nanoTime() - deadlineNanos >= 0 ? ClientTimeout.Kind.TOTAL
                            : ClientTimeout.Kind.POOL, poolTimeout, "waiting for a connection to " + waiter.endpoint);
                }
                Cancellation.check();
                long wait = Math.min(left, Math.max(scope, TimeUnit.MILLISECONDS.toNanos(1)));
                if (wait == Long.MAX_VALUE) {
                    waiter.ready.await();
                } else {
                    waiter.ready.awaitNanos(wait);
                }
            }
        } catch (InterruptedException e) {
            giveBack(waiter);
            Cancellation.check();
            Thread.currentThread().interrupt();
            throw new Cancelled("interrupted while waiting for a connection to " + waiter.endpoint);
        } catch (RuntimeException e) {
            giveBack(waiter);
            throw e;
        }
    }

    /** Undoes a wait that ended without using its grant; under the lock. */
    private void giveBack(Waiter waiter) {
        waiters.remove(waiter);
        if (waiter.connection != null) {
            hosts.get(waiter.endpoint).idle.addLast(waiter.connection);
            idle++;
        } else if (waiter.slot) {
            forget(waiter.endpoint);
        }
        waiter.connection = null;
        waiter.slot = false;
        dispatch();
    }

    /** Serves the waiters in arrival order, each as soon as a connection or slot fits it; under the lock. */
    private void dispatch() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            grant(waiter);
            if (waiter.granted()) {
                it.remove();
                waiter.ready.signal();
            }
        }
    }

    /** Gives {@code waiter} an idle connection or a slot if one is available now; under the lock. */
    private void grant(Waiter waiter) {
        Host host = hosts.computeIfAbsent(waiter.endpoint, e -> new Host());
        if (!waiter.fresh) {
            waiter.connection = pollIdle(host);
            if (waiter.connection != null) {
                return;
            }
        }
        if (host.open >= config.maxConnectionsPerHost() && !(waiter.fresh && evictFrom(host))) {
            return;
        }
        if (open >= config.maxConnections() && !evictOldestIdle()) {
            return;
        }
        host.open++;
        open++;
        waiter.slot = true;
    }

    private ClientConnection pollIdle(Host host) {
        long now = System.nanoTime();
        while (!host.idle.isEmpty()) {
            ClientConnection connection = host.idle.pollLast();
            idle--;
            if (!connection.broken() && now - connection.idleSinceNanos < config.keepAlive().toNanos()) {
                return connection;
            }
            connection.abort();
            forgetLocked(host);
        }
        return null;
    }

    private boolean evictFrom(Host host) {
        ClientConnection oldest = host.idle.pollFirst();
        if (oldest == null) {
            return false;
        }
        idle--;
        oldest.abort();
        forgetLocked(host);
        return true;
    }

    private boolean evictOldestIdle() {
        Host oldestHost = null;
        for (Host host : hosts.values()) {
            ClientConnection first = host.idle.peekFirst();
            if (first != null && (oldestHost == null
                    || first.idleSinceNanos - oldestHost.idle.peekFirst().idleSinceNanos < 0)) {
                oldestHost = host;
            }
        }
        return oldestHost != null && evictFrom(oldestHost);
    }

    private void forget(Endpoint endpoint) {
        forgetLocked(hosts.get(endpoint));
    }

    private void forgetLocked(Host host) {
        host.open--;
        open--;
    }

    private void sweepLoop() {
        long period = Math.clamp(config.keepAlive().toMillis() / 2, 10, 1000);
        while (true) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            List<ClientConnection> expired = new ArrayList<>();
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                for (Iterator<Host> it = hosts.values().iterator(); it.hasNext(); ) {
                    Host host = it.next();
                    while (!host.idle.isEmpty() && now - host.idle.peekFirst().idleSinceNanos >= config.keepAlive().toNanos()) {
                        expired.add(host.idle.pollFirst());
                        idle--;
                        forgetLocked(host);
                    }
                    if (host.open == 0) {
                        it.remove();
                    }
                }
                if (!expired.isEmpty()) {
                    dispatch();
                }
            } finally {
                lock.unlock();
            }
            expired.forEach(ClientConnection::abort);
        }
    }
}
