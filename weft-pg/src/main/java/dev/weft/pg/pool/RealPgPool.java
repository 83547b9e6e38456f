package dev.weft.pg.pool;

import dev.weft.core.CancelScope;
import dev.weft.core.Cancellation;
import dev.weft.core.Deadline;
import dev.weft.core.Supervisor;
import dev.weft.pg.PgConnection;
import dev.weft.pg.Row;
import dev.weft.pg.RowStream;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.TransactionBody;
import dev.weft.pg.TransactionFunction;
import dev.weft.pg.TransactionOptions;
import dev.weft.pg.TransactionStatus;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one implementation of {@link PgPool}: convenience calls, exclusive leases and their reset, the
 * maintenance task, and closing. The connection bookkeeping lives in {@link Slots}, LISTEN in
 * {@link ListenConnection}. Every thread the pool starts (maintenance, connection opening, the LISTEN
 * watcher, notification delivery) is a task of its {@link Supervisor}, which {@link #close()} and
 * {@link #terminate()} close last: once they return, none is left. Thread-safe.
 */
final class RealPgPool implements PgPool {
    private final PgPoolConfig config;
    private final PoolEvents events = new PoolEvents();
    private final Slots slots;
    private final ListenConnection listener;
    private final Supervisor tasks = Supervisor.open("weft-pg-pool");
    private final ReentrantLock closeLock = new ReentrantLock();
    private boolean closed;

    private RealPgPool(PgPoolConfig config) {
        this.config = config;
        this.slots = new Slots(config, events, tasks);
        this.listener = new ListenConnection(config, events, tasks);
        try {
            slots.openMinimum();
        } catch (RuntimeException | Error e) {
            tasks.close();
            throw e;
        }
        tasks.spawn("weft-pg-pool-maintenance", this::maintain);
    }

    static PgPool open(PgPoolConfig config) {
        return new RealPgPool(config);
    }

    @Override
    public List<Row> query(String sql, Object... args) {
        return call(c -> c.query(sql, args));
    }

    @Override
    public <R> List<R> query(Class<R> type, String sql, Object... args) {
        return call(c -> c.query(type, sql, args));
    }

    @Override
    public Row queryOne(String sql, Object... args) {
        return call(c -> c.queryOne(sql, args));
    }

    @Override
    public <R> R queryOne(Class<R> type, String sql, Object... args) {
        return call(c -> c.queryOne(type, sql, args));
    }

    @Override
    public <T> T queryValue(Class<T> type, String sql, Object... args) {
        return call(c -> c.queryValue(type, sql, args));
    }

    @Override
    public long execute(String sql, Object... args) {
        return call(c -> c.execute(sql, args));
    }

    @Override
    public long[] executeBatch(String sql, List<Object[]> argsList) {
        return call(c -> c.executeBatch(sql, argsList));
    }

    @Override
    public long copyIn(String table, List<String> columns, Iterable<?> rows) {
        return withConnection(c -> c.copyIn(table, columns, rows));
    }

    @Override
    public long copyIn(String table, List<String> columns, Iterator<?> rows) {
        return withConnection(c -> c.copyIn(table, columns, rows));
    }

    @Override
    public long copyIn(String copySql, InputStream data) {
        return withConnection(c -> c.copyIn(copySql, data));
    }

    @Override
    public long copyOut(String copySql, OutputStream target) {
        return withConnection(c -> c.copyOut(copySql, target));
    }

    @Override
    public RowStream copyOutRows(String query) {
        return leasedStream(c -> c.copyOutRows(query));
    }

    @Override
    public RowStream stream(String sql, int fetchSize, Object... args) {
        return leasedStream(c -> c.stream(sql, fetchSize, args));
    }

    /** A stream on a borrowed connection that the stream gives back when it ends. */
    private RowStream leasedStream(Function<PgConnection, RowStream> open) {
        PgConnection lease = acquire();
        try {
            return new LeasedRowStream(open.apply(lease), lease);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }

    @Override
    public <T> T withConnection(ConnectionFunction<T> work) {
        try (var lease = (LeasedConnection) acquire()) {
            return work.apply(lease);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public PgConnection acquire() {
        Slot slot = slots.acquire(false);
        try {
            config.setup().apply(slot.connection);
        } catch (Exception e) {
            slots.release(slot, false, settle(slot, true));
            throw e instanceof RuntimeException r ? r : new CompletionException(e);
        }
        return new LeasedConnection(slot, this);
    }

    @Override
    public void transaction(TransactionBody body) {
        withConnection(c -> {
            c.transaction(body);
            return null;
        });
    }

    @Override
    public void transaction(TransactionOptions options, TransactionBody body) {
        withConnection(c -> {
            c.transaction(options, body);
            return null;
        });
    }

    @Override
    public <T> T transactionResult(TransactionFunction<T> body) {
        return withConnection(c -> c.transactionResult(body));
    }

    @Override
    public <T> T transactionResult(TransactionOptions options, TransactionFunction<T> body) {
        return withConnection(c -> c.transactionResult(options, body));
    }

    @Override
    public Subscription listen(String channel, NotificationHandler handler) {
        if (slots.isClosed()) {
            throw new IllegalStateException("the pool is closed");
        }
        return listener.listen(channel, handler);
    }

    @Override
    public void onTermination(Consumer<Termination> listener) {
        events.onTermination(listener);
    }

    @Override
    public void onNotice(Consumer<ServerMessage> listener) {
        events.onNotice(listener);
    }

    @Override
    public void sendNotification(String channel, String payload) {
        ListenConnection.validateChannel(channel);
        execute("SELECT pg_notify($1, $2)", channel, payload == null ? "" : payload);
    }

    @Override
    public PoolStatistics statistics() {
        return slots.statistics();
    }

    @Override
    public PgPoolConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!beginClose()) {
            return;
        }
        try {
            slots.shutdown();
            if (!slots.awaitDrained(config.closeTimeout())) {
                endBackends(slots.terminateAll());
                slots.awaitDrained(config.closeTimeout());
            }
        } finally {
            tasks.close();
        }
    }

    @Override
    public void terminate() {
        beginClose();
        try {
            endBackends(slots.terminateAll());
        } finally {
            tasks.close();
        }
    }

    /**
     * A backend busy with a query does not notice that its client hung up until the query ends, so
     * closing the socket is not enough: end those backends from a side connection (a role may end its
     * own sessions). Best effort: if that fails, the queries end by themselves.
     */
    private void endBackends(List<Integer> processIds) {
        if (processIds.isEmpty()) {
            return;
        }
        try (PgConnection side = config.factory().connect(config.connectOptions())) {
            PgConnection bounded = side.withTimeout(config.resetTimeout());
            for (int pid : processIds) {
                bounded.execute("SELECT pg_terminate_backend($1)", pid);
            }
        } catch (RuntimeException e) {
            // Nothing more to do: the sockets are closed, and the server ends the queries when they finish.
        }
    }

    private boolean beginClose() {
        closeLock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
        } finally {
            closeLock.unlock();
        }
        listener.close();
        return true;
    }

    /** Gives back an exclusive lease: rollback and reset, then reuse, or close and replace. */
    void giveBack(Slot slot, boolean listenersSet) {
        // A listener set through the lease would outlive it; the factory's own cannot be restored, so drop the session.
        slots.release(slot, false, !listenersSet && settle(slot, true));
    }

    /** One statement on a connection used exclusively or, in pipelined mode, shared with other callers. */
    private <T> T call(Function<PgConnection, T> statement) {
        boolean shared = config.sharing() == Sharing.PIPELINED;
        Slot slot = slots.acquire(shared);
        try {
            if (!shared) {
                config.setup().apply(slot.connection);
            }
            slot.uses.incrementAndGet();
            return statement.apply(slot.connection);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        } finally {
            // A shared connection left inside a transaction (BEGIN through a convenience call) cannot be
            // rolled back safely while others use it: it is closed instead.
            boolean reusable = shared
                    ? slot.connection.isUsable() && slot.connection.transactionStatus() == TransactionStatus.IDLE
                    : settle(slot, false);
            slots.release(slot, shared, reusable);
        }
    }

    /**
     * Makes an exclusively used connection fit for the next caller: rolls back an open or failed
     * transaction and, for leases ({@code fullReset}), runs the reset hook. Shielded from the caller's
     * cancellation when it is cancelled, because its scope would refuse the cleanup's queries.
     */
    private boolean settle(Slot slot, boolean fullReset) {
        PgConnection connection = slot.connection;
        if (!connection.isUsable()) {
            return false;
        }
        if (!fullReset && connection.transactionStatus() == TransactionStatus.IDLE) {
            return true;
        }
        if (!Cancellation.isCancelled()) {
            return cleanUp(connection, fullReset);
        }
        // The reset is bounded by resetTimeout plus the driver's cancel grace; past that, give up on the session.
        Duration bound = config.resetTimeout().plus(config.connectOptions().cancelGrace()).plusSeconds(1);
        return CancelScope.shielded(() -> Deadline.moveOnAfter(bound, () -> cleanUp(connection, fullReset)).orElse(false));
    }

    private boolean cleanUp(PgConnection connection, boolean fullReset) {
        try {
            PgConnection bounded = connection.withTimeout(config.resetTimeout());
            if (connection.transactionStatus() != TransactionStatus.IDLE) {
                bounded.execute("ROLLBACK");
            }
            if (fullReset) {
                config.reset().apply(bounded);
            }
            return connection.isUsable() && connection.transactionStatus() == TransactionStatus.IDLE;
        } catch (Exception e) {
            return false; // the connection is closed and replaced; the caller's own outcome stands
        }
    }

    private void maintain() {
        long interval = config.maintenanceInterval().toMillis();
        while (true) {
            try {
                Thread.sleep(Math.max(1, interval));
            } catch (InterruptedException e) {
                return; // the supervisor closed: the pool is closing
            }
            try {
                slots.maintain();
            } catch (RuntimeException e) {
                // Keep maintaining; the boundary of this background task is the only place to report it.
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
    }
}
