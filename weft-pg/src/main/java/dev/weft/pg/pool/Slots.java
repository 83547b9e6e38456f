package dev.weft.pg.pool;

import dev.weft.core.Cancellation;
import dev.weft.core.Supervisor;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.ServerMessage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's state under one lock: every open connection, the ones available, the FIFO queue of
 * waiting callers, and the counters. A connection coming back (or newly opened) is handed straight to
 * the head waiter, so nobody overtakes a caller that waits. Connections are opened by tasks of the pool's
 * {@link Supervisor}, one per missing connection; connections to close are collected under the lock and
 * closed after it is released. Thread-safe.
 */
final class Slots {
    private final PgPoolConfig config;
    private final PoolEvents events;
    private final Supervisor tasks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Slot> all = new ArrayList<>();
    private final List<Slot> available = new ArrayList<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final List<PgConnection> doomed = new ArrayList<>();
    private int opening;
    private int rotation;
    private boolean closed;
    private long acquired;
    private long timeouts;
    private long created;
    private long closedCount;

    Slots(PgPoolConfig config, PoolEvents events, Supervisor tasks) {
        this.config = config;
        this.events = events;
        this.tasks = tasks;
    }

    /** Opens {@code minSize} connections on the calling thread; on failure closes them and rethrows. */
    void openMinimum() {
        var opened = new ArrayList<Slot>();
        try {
            for (int i = 0; i < config.minSize(); i++) {
                opened.add(connect());
            }
        } catch (RuntimeException e) {
            opened.forEach(slot -> slot.connection.close());
            throw e;
        }
        lock.lock();
        try {
            for (Slot slot : opened) {
                all.add(slot);
                available.add(slot);
                created++;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a connection: for exclusive use, or ({@code shared}) as one of several pipelined users.
     * Waits in FIFO order up to the acquire timeout; ends earlier with {@code DeadlineExceeded} or
     * {@code Cancelled} when the caller's weft-core scope says so.
     */
    Slot acquire(boolean shared) {
        Cancellation.check();
        Waiter waiter;
        lock.lock();
        try {
            if (closed) {
                throw closedError();
            }
            if (waiters.isEmpty()) {
                Slot slot = pick(shared);
                if (slot != null) {
                    take(slot, shared);
                    if (shared && slot.shared > 1 && opening == 0 && all.size() < config.maxSize()) {
                        openAsync(); // every connection is busy: add one while there is room
                    }
                    return slot;
                }
            }
            if (waiters.size() >= config.maxWaiters()) {
                timeouts++;
                throw new PoolTimeout("no connection available: " + waiters.size() + " callers already wait (maxWaiters="
                        + config.maxWaiters() + ")");
            }
            waiter = new Waiter(shared);
            waiters.add(waiter);
            grow();
        } finally {
            closeDoomed();
        }
        Optional<Slot> granted;
        try {
            granted = waiter.await(config.acquireTimeout());
        } catch (RuntimeException | Error e) {
            abandon(waiter);
            throw e;
        }
        return granted.isPresent() ? granted.get() : afterTimeout(waiter);
    }

    /** The acquire timeout passed: a connection granted just as it did is taken rather than wasted; else PoolTimeout. */
    private Slot afterTimeout(Waiter waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
            Optional<Slot> late = waiter.withdraw();
            if (late.isPresent()) {
                return late.get();
            }
            timeouts++;
            throw new PoolTimeout("no connection available within acquireTimeout " + config.acquireTimeout()
                    + " (maxSize=" + config.maxSize() + ", in use=" + (all.size() - idleCount()) + ", waiting=" + waiters.size() + ")");
        } finally {
            closeDoomed();
        }
    }

    /** A caller cancelled (or failed by the pool) while it waited: out of the queue; a connection granted meanwhile goes back. */
    private void abandon(Waiter waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
            if (!waiter.failed()) {
                timeouts++;
            }
            waiter.withdraw().ifPresent(slot -> {
                // Granted just as the wait ended: the connection is untouched, so it goes straight back.
                acquired--;
                if (waiter.shared) {
                    slot.shared--;
                } else {
                    slot.leased = false;
                    available.add(slot);
                }
                dispatch();
            });
        } finally {
            closeDoomed();
        }
    }

    /**
     * Gives back a connection taken with {@link #acquire}. {@code reusable} is false when its reset or
     * rollback failed; such a connection, a broken one, and one past its lifetime or query budget is
     * closed (once its last shared user is gone) and replaced.
     */
    void release(Slot slot, boolean shared, boolean reusable) {
        lock.lock();
        try {
            if (shared) {
                slot.shared--;
            } else {
                slot.leased = false;
            }
            long now = System.nanoTime();
            if (!reusable || closed || slot.retiring || expired(slot, now) || !slot.connection.isUsable()) {
                if (slot.isIdle()) {
                    retire(slot);
                } else {
                    slot.retiring = true;
                    available.remove(slot);
                }
            } else if (!shared) {
                available.add(slot);
                slot.idleSince = now;
            } else if (slot.shared == 0) {
                slot.idleSince = now;
            }
            dispatch();
            changed.signalAll();
        } finally {
            closeDoomed();
        }
    }

    /** The background pass: drops broken, too old and (beyond {@code minSize}) too long idle connections; restores the minimum. */
    void maintain() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            for (Slot slot : List.copyOf(available)) {
                if (!slot.isIdle()) {
                    continue;
                }
                boolean idleTooLong = now - slot.idleSince > config.maxIdleTime().toNanos() && all.size() > config.minSize();
                if (idleTooLong || expired(slot, now) || !slot.connection.isUsable()) {
                    retire(slot);
                }
            }
            dispatch();
            changed.signalAll();
        } finally {
            closeDoomed();
        }
    }

    /** Marks the pool closed: waiters fail, idle connections close; borrowed ones close as they come back. */
    void shutdown() {
        lock.lock();
        try {
            closed = true;
            for (Waiter waiter : waiters) {
                waiter.fail(closedError());
            }
            waiters.clear();
            for (Slot slot : List.copyOf(all)) {
                if (slot.isIdle()) {
                    retire(slot);
                }
            }
            changed.signalAll();
        } finally {
            closeDoomed();
        }
    }

    /** Waits until every connection is closed and no open is under way, or {@code timeout} passes; true if drained. */
    boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!all.isEmpty() || opening > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes every connection now, borrowed or not; their users get a connection error. Returns the
     * backend process ids of the connections that were in use: their queries may still run on the server.
     */
    List<Integer> terminateAll() {
        shutdown();
        var busy = new ArrayList<Integer>();
        lock.lock();
        try {
            for (Slot slot : List.copyOf(all)) {
                if (!slot.isIdle()) {
                    busy.add(slot.connection.processId());
                }
                retire(slot);
            }
            changed.signalAll();
        } finally {
            closeDoomed();
        }
        return busy;
    }

    PoolStatistics statistics() {
        lock.lock();
        try {
            int idle = idleCount();
            return new PoolStatistics(all.size(), idle, all.size() - idle, waiters.size(), acquired, timeouts, created, closedCount);
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    // ---- everything below runs with the lock held

    private Slot pick(boolean shared) {
        while (true) {
            Slot best = null;
            int n = available.size();
            for (int k = 0; k < n; k++) {
                // Exclusive takes the most recently returned (the others can age out); shared rotates.
                Slot slot = shared ? available.get(Math.floorMod(rotation + k, n)) : available.get(n - 1 - k);
                if (!shared && slot.shared > 0) {
                    continue;
                }
                if (best == null || slot.shared < best.shared) {
                    best = slot;
                    if (best.shared == 0) {
                        break;
                    }
                }
            }
            rotation++;
            // Checked on the chosen one only: isUsable() takes the connection's own lock.
            if (best == null || best.connection.isUsable() && !(best.isIdle() && expired(best, System.nanoTime()))) {
                return best;
            }
            if (best.isIdle()) {
                retire(best);
            } else {
                best.retiring = true;
                available.remove(best);
            }
            grow();
        }
    }

    private void take(Slot slot, boolean shared) {
        if (shared) {
            slot.shared++;
        } else {
            slot.leased = true;
            available.remove(slot);
        }
        acquired++;
    }

    private void dispatch() {
        while (!waiters.isEmpty()) {
            Waiter head = waiters.peek();
            Slot slot = pick(head.shared);
            if (slot == null) {
                break;
            }
            waiters.poll();
            take(slot, head.shared);
            head.grant(slot);
        }
        grow();
    }

    /** Opens connections for waiters that no opening connection will serve, and up to {@code minSize}. */
    private void grow() {
        if (closed) {
            return;
        }
        while (all.size() + opening < config.maxSize()
                && (opening < waiters.size() || all.size() + opening < config.minSize())) {
            openAsync();
        }
    }

    private void openAsync() {
        opening++;
        // The pool closes its supervisor only after closed is set, and grow() opens nothing then: spawn cannot refuse.
        tasks.spawn("weft-pg-pool-open", () -> {
            Slot slot = null;
            RuntimeException failure = null;
            try {
                slot = connect();
            } catch (RuntimeException e) {
                failure = e;
            } catch (Throwable e) {
                // Even an Error must end this open: otherwise the pool would count it as under way forever.
                failure = new PgException(ServerMessage.client("08001", "could not open a pooled connection: " + e), e);
            }
            opened(slot, failure);
        });
    }

    private void opened(Slot slot, RuntimeException failure) {
        lock.lock();
        try {
            opening--;
            if (slot != null && closed) {
                doomed.add(slot.connection);
            } else if (slot != null) {
                all.add(slot);
                available.add(slot);
                created++;
                dispatch();
            } else {
                // Tell the caller why it cannot get a connection instead of letting it time out.
                Waiter head = waiters.poll();
                if (head != null) {
                    head.fail(failure);
                }
            }
            changed.signalAll();
        } finally {
            closeDoomed();
        }
    }

    private Slot connect() {
        PgConnection connection = config.factory().connect(config.connectOptions());
        try {
            events.attach(connection, () -> { });
            config.init().apply(connection);
        } catch (Exception e) {
            connection.close();
            throw e instanceof RuntimeException r ? r
                    : new PgException(ServerMessage.client("08001", "the pool's init hook failed: " + e), e);
        }
        return new Slot(connection);
    }

    private boolean expired(Slot slot, long now) {
        return now - slot.createdAt > config.maxLifetime().toNanos() || slot.uses.get() >= config.maxQueriesPerConnection();
    }

    private void retire(Slot slot) {
        available.remove(slot);
        if (all.remove(slot)) {
            closedCount++;
            doomed.add(slot.connection);
        }
    }

    private int idleCount() {
        int idle = 0;
        for (Slot slot : all) {
            if (slot.isIdle()) {
                idle++;
            }
        }
        return idle;
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("the pool is closed");
    }

    /** Unlocks, then closes the connections retired meanwhile (closing writes to the socket: not under the lock). */
    private void closeDoomed() {
        List<PgConnection> closing = doomed.isEmpty() ? List.of() : List.copyOf(doomed);
        doomed.clear();
        lock.unlock();
        for (PgConnection connection : closing) {
            connection.close();
        }
    }
}
