package dev.weft.pg.pool;

import dev.weft.pg.Notification;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.PreparedStatement;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A pooled connection lent for exclusive use: it counts calls against the connection's query budget,
 * refuses every call once given back (so a leaked reference cannot reach the next borrower's session),
 * and {@link #close()} gives it back instead of ending the session. Thread-safe.
 */
final class LeasedConnection implements PgConnection {
    private final Lease lease;
    private final PgConnection target;

    LeasedConnection(Slot slot, RealPgPool pool) {
        this(new Lease(slot, pool), slot.connection);
    }

    private LeasedConnection(Lease lease, PgConnection target) {
        this.lease = lease;
        this.target = target;
    }

    /** What the views of one lease share; {@code listenersSet} is why listeners are cleared on return. */
    private record Lease(Slot slot, RealPgPool pool, AtomicBoolean returned, AtomicBoolean listenersSet) {
        Lease(Slot slot, RealPgPool pool) {
            this(slot, pool, new AtomicBoolean(), new AtomicBoolean());
        }
    }

    private PgConnection use() {
        if (lease.returned.get()) {
            throw new IllegalStateException("this connection was given back to the pool; acquire a new one");
        }
        lease.slot.uses.incrementAndGet();
        return target;
    }

    @Override
    public List<Row> query(String sql, Object... args) {
        return use().query(sql, args);
    }

    @Override
    public <R> List<R> query(Class<R> type, String sql, Object... args) {
        return use().query(type, sql, args);
    }

    @Override
    public Row queryOne(String sql, Object... args) {
        return use().queryOne(sql, args);
    }

    @Override
    public <R> R queryOne(Class<R> type, String sql, Object... args) {
        return use().queryOne(type, sql, args);
    }

    @Override
    public <T> T queryValue(Class<T> type, String sql, Object... args) {
        return use().queryValue(type, sql, args);
    }

    @Override
    public long execute(String sql, Object... args) {
        return use().execute(sql, args);
    }

    @Override
    public long[] executeBatch(String sql, List<Object[]> argsList) {
        return use().executeBatch(sql, argsList);
    }

    @Override
    public PreparedStatement prepare(String sql) {
        return use().prepare(sql);
    }

    @Override
    public void transaction(TransactionBody body) {
        use().transaction(body);
    }

    @Override
    public void transaction(TransactionOptions options, TransactionBody body) {
        use().transaction(options, body);
    }

    @Override
    public <T> T transactionResult(TransactionFunction<T> body) {
        return use().transactionResult(body);
    }

    @Override
    public <T> T transactionResult(TransactionOptions options, TransactionFunction<T> body) {
        return use().transactionResult(options, body);
    }

    @Override
    public long copyIn(String table, List<String> columns, Iterable<?> rows) {
        return use().copyIn(table, columns, rows);
    }

    @Override
    public long copyIn(String table, List<String> columns, Iterator<?> rows) {
        return use().copyIn(table, columns, rows);
    }

    @Override
    public long copyIn(String copySql, InputStream data) {
        return use().copyIn(copySql, data);
    }

    @Override
    public long copyOut(String copySql, OutputStream target) {
        return use().copyOut(copySql, target);
    }

    // A stream outliving the lease keeps reading a session someone else may have by then: close it first.
    @Override
    public RowStream copyOutRows(String query) {
        return use().copyOutRows(query);
    }

    @Override
    public RowStream stream(String sql, int fetchSize, Object... args) {
        return use().stream(sql, fetchSize, args);
    }

    @Override
    public PgConnection withTimeout(Duration timeout) {
        return new LeasedConnection(lease, target.withTimeout(timeout));
    }

    @Override
    public String parameter(String name) {
        return target.parameter(name);
    }

    @Override
    public Map<String, String> parameters() {
        return target.parameters();
    }

    @Override
    public TransactionStatus transactionStatus() {
        return target.transactionStatus();
    }

    @Override
    public int processId() {
        return target.processId();
    }

    @Override
    public void onNotice(Consumer<ServerMessage> listener) {
        use();
        lease.listenersSet.set(true);
        target.onNotice(listener);
    }

    @Override
    public void onNotification(Consumer<Notification> listener) {
        use();
        lease.listenersSet.set(true);
        target.onNotification(listener);
    }

    @Override
    public void onClose(Consumer<PgException> listener) {
        use();
        lease.listenersSet.set(true);
        target.onClose(listener);
    }

    @Override
    public boolean ping() {
        return use().ping();
    }

    @Override
    public void reset() {
        use().reset();
    }

    @Override
    public boolean isUsable() {
        return !lease.returned.get() && target.isUsable();
    }

    /** Gives the connection back to the pool (reset, or closed and replaced if it cannot be reused). Idempotent. */
    @Override
    public void close() {
        if (lease.returned.compareAndSet(false, true)) {
            lease.pool.giveBack(lease.slot, lease.listenersSet.get());
        }
    }

    @Override
    public String toString() {
        return "pooled connection (backend " + target.processId() + (lease.returned.get() ? ", returned)" : ")");
    }
}
