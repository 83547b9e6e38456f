package dev.weft.http.client;

import dev.weft.core.Cancellation;
import dev.weft.core.Channel;
import dev.weft.core.ChannelClosed;
import dev.weft.core.Supervisor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's keep-alive connections, at most {@code maxConnections} open in total and
 * {@code maxConnectionsPerHost} per endpoint. A request that finds no idle connection and no free slot
 * waits in a first-come, first-served queue (bounded by the pool timeout, the request's deadline and
 * the scope's deadline) for its grant, handed over through a weft-core {@link Channel}; when the total
 * limit is reached but another endpoint has idle connections, the oldest of those is closed to make
 * room. Idle connections older than the keep-alive time are closed by a sweeper task of the pool's
 * {@link Supervisor} and never handed out. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    private final ClientConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Endpoint, Host> hosts = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Supervisor tasks = Supervisor.open("weft-http-client");
    private int open;
    private int idle;
    private boolean closed;

    /** The connections of one endpoint; guarded by the pool's lock. */
    private static final class Host {
        final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
        int open;
    }

    /** What a request gets: an idle connection, or (connection null) a slot to open one. */
    private record Grant(ClientConnection connection) {
    }

    /** A request waiting for its grant, which the pool sends when one fits; the channel is closed with the pool. */
    private record Waiter(Endpoint endpoint, boolean fresh, Channel<Grant> handOff) {
        Waiter(Endpoint endpoint, boolean fresh) {
            this(endpoint, fresh, Channel.create(1));
        }
    }

    ConnectionPool(ClientConfig config) {
        this.config = config;
        if (!config.keepAlive().isZero()) {
            tasks.spawn("weft-http-client-sweeper", this::sweepLoop);
        }
    }

    /**
     * Lends a connection to {@code endpoint}: an idle one unless {@code fresh}, else a new one.
     *
     * @throws ClientTimeout when no slot frees up within the pool timeout
     */
    ClientConnection acquire(Endpoint endpoint, long deadlineNanos, boolean fresh) {
        Cancellation.check();
        Grant grant;
        Waiter waiter = null;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the HTTP client is closed");
            }
            grant = waiters.isEmpty() ? grant(endpoint, fresh) : null;
            if (grant == null) {
                waiter = new Waiter(endpoint, fresh);
                waiters.addLast(waiter);
                dispatch();
            }
        } finally {
            lock.unlock();
        }
        if (waiter != null) {
            grant = await(waiter, deadlineNanos);
        }
        if (grant.connection() != null) {
            return grant.connection();
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
                waiter.handOff().close();
            }
            waiters.clear();
        } finally {
            lock.unlock();
        }
        tasks.close();
        toClose.forEach(ClientConnection::abort);
    }

    /** Waits for the grant of {@code waiter}; on any other outcome the waiter leaves the queue. */
    private Grant await(Waiter waiter, long deadlineNanos) {
        Duration poolTimeout = config.poolTimeout();
        long limit = poolTimeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + poolTimeout.toNanos();
        limit = Math.min(limit, deadlineNanos);
        Optional<Grant> grant;
        try {
            grant = limit == Long.MAX_VALUE ? Optional.of(waiter.handOff().receive())
                    : waiter.handOff().receive(Duration.ofNanos(Math.max(0, limit - System.nanoTime())));
        } catch (ChannelClosed e) {
            giveBack(withdraw(waiter), waiter.endpoint());
            throw new IllegalStateException("the HTTP client is closed");
        } catch (RuntimeException e) {
            // Cancelled, or past the caller's deadline.
            giveBack(withdraw(waiter), waiter.endpoint());
            throw e;
        }
        if (grant.isPresent()) {
            return grant.get();
        }
        Grant late = withdraw(waiter);
        if (late != null) {
            return late;
        }
        throw new ClientTimeout(System.nanoTime() - deadlineNanos >= 0 ? ClientTimeout.Kind.TOTAL
                : ClientTimeout.Kind.POOL, poolTimeout, "waiting for a connection to " + waiter.endpoint());
    }

    /**
     * Takes {@code waiter} out of the queue; returns the grant the pool handed over while the wait was
     * ending (the channel keeps it), or null. The caller uses it or hands it on with {@link #giveBack}.
     */
    private Grant withdraw(Waiter waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
            List<Grant> late = waiter.handOff().discard();
            return late.isEmpty() ? null : late.getFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Returns an unused grant (null: none) to the pool and serves the next waiters with it. */
    private void giveBack(Grant grant, Endpoint endpoint) {
        if (grant == null) {
            return;
        }
        lock.lock();
        try {
            if (grant.connection() != null && !closed) {
                hosts.get(endpoint).idle.addLast(grant.connection());
                idle++;
            } else {
                if (grant.connection() != null) {
                    grant.connection().abort();
                }
                forget(endpoint);
            }
            dispatch();
        } finally {
            lock.unlock();
        }
    }

    /** Serves the waiters in arrival order, each as soon as a connection or slot fits it; under the lock. */
    private void dispatch() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            Grant grant = grant(waiter.endpoint(), waiter.fresh());
            if (grant != null) {
                it.remove();
                waiter.handOff().trySend(grant); // room for one, and only the pool sends
            }
        }
    }

    /** An idle connection (unless {@code fresh}) or a slot if one is available now, else null; under the lock. */
    private Grant grant(Endpoint endpoint, boolean fresh) {
        Host host = hosts.computeIfAbsent(endpoint, e -> new Host());
        if (!fresh) {
            ClientConnection connection = pollIdle(host);
            if (connection != null) {
                return new Grant(connection);
            }
        }
        if (host.open >= config.maxConnectionsPerHost() && !(fresh && evictFrom(host))) {
            return null;
        }
        if (open >= config.maxConnections() && !evictOldestIdle()) {
            return null;
        }
        host.open++;
        open++;
        return new Grant(null);
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

    /** Sweeps until {@link #close()} cancels it, which interrupts the sleep. */
    private void sweepLoop() throws InterruptedException {
        long period = Math.clamp(config.keepAlive().toMillis() / 2, 10, 1000);
        while (true) {
            Thread.sleep(period);
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
