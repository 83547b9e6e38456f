package dev.weft.pg.connection;

import dev.weft.pg.PgException;
import dev.weft.pg.Row;
import dev.weft.pg.RowStream;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage.DataRow;
import dev.weft.pg.protocol.FrontendMessages;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A query's rows fetched {@code fetchSize} at a time through a named portal (Bind once, then Execute
 * with a row limit until the server stops answering PortalSuspended), inside a transaction: the
 * caller's, or one this stream opens and ends on close (COMMIT, or ROLLBACK after an error). At most one
 * batch is held in memory. Holds the connection exclusively until exhausted or closed. One thread iterates.
 */
final class CursorStream implements RowStream {
    private static final AtomicLong PORTALS = new AtomicLong();

    private final RealPgConnection view;
    private final boolean ownsToken;
    private final boolean ownsTransaction;
    private final String portal;
    private final int fetchSize;
    private Statement statement;
    private List<DataRow> batch = List.of();
    private int index;
    private boolean exhausted;
    private boolean failed;
    private boolean closed;

    private CursorStream(RealPgConnection view, boolean ownsToken, boolean ownsTransaction, int fetchSize) {
        this.view = view;
        this.ownsToken = ownsToken;
        this.ownsTransaction = ownsTransaction;
        this.portal = "weft_cursor_" + PORTALS.incrementAndGet();
        this.fetchSize = fetchSize;
    }

    static RowStream open(RealPgConnection connection, String sql, int fetchSize, Object[] args) {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize < 1: " + fetchSize);
        }
        Session session = connection.session;
        boolean ownsToken = connection.token == null;
        Object token = ownsToken ? new Object() : connection.token;
        if (ownsToken) {
            session.acquireOwnership(token, connection.timeout);
        }
        var view = ownsToken ? connection.view(token, connection.timeout) : connection;
        CursorStream stream;
        try {
            boolean begin = session.transactionStatus() == TransactionStatus.IDLE;
            if (begin) {
                view.simple("BEGIN");
            }
            stream = new CursorStream(view, ownsToken, begin, fetchSize);
        } catch (RuntimeException | Error e) {
            if (ownsToken) {
                session.releaseOwnership(token);
            }
            throw e;
        }
        try {
            stream.start(sql, args);
            return stream;
        } catch (RuntimeException | Error e) {
            stream.failed = true;
            stream.close();
            throw e;
        }
    }

    private void start(String sql, Object[] args) {
        statement = view.statementFor(sql);
        var out = new WriteBuffer(64 + sql.length());
        if (!statement.named()) {
            FrontendMessages.parse(out, "", statement.sql, statement.parameterTypes);
        }
        view.writeBind(out, portal, statement, args);
        fetch(out);
    }

    private void fetch(WriteBuffer out) {
        FrontendMessages.execute(out, portal, fetchSize);
        FrontendMessages.sync(out);
        Exchange exchange = view.session.run(out, view.token, view.timeout, true);
        exchange.throwIfFailed();
        batch = exchange.rows();
        index = 0;
        exhausted = !exchange.counts().isEmpty(); // CommandComplete instead of PortalSuspended: no rows left
    }

    @Override
    public boolean hasNext() {
        try {
            while (!closed && index == batch.size()) {
                if (exhausted) {
                    close();
                    return false;
                }
                fetch(new WriteBuffer(32 + portal.length()));
            }
            return !closed;
        } catch (RuntimeException | Error e) {
            failed = true;
            close();
            throw e;
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows");
        }
        return new RealRow(statement, view.session.options().codecs(), batch.get(index++));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        batch = List.of();
        Session session = view.session;
        try {
            if (!session.isUsable()) {
                return;
            }
            if (ownsTransaction) {
                // Ending the transaction drops the portal too.
                String end = failed || session.transactionStatus() == TransactionStatus.FAILED ? "ROLLBACK" : "COMMIT";
                Exchange done = session.runShielded(simple(end), view.token);
                done.throwIfFailed();
            } else if (!exhausted && session.transactionStatus() == TransactionStatus.IN_TRANSACTION) {
                var out = new WriteBuffer(32 + portal.length());
                FrontendMessages.close(out, 'P', portal);
                FrontendMessages.sync(out);
                session.runShielded(out, view.token).throwIfFailed();
            }
        } catch (PgException e) {
            if (!failed) {
                throw e;
            }
        } finally {
            if (ownsToken) {
                session.releaseOwnership(view.token);
            }
        }
    }

    private static WriteBuffer simple(String sql) {
        var out = new WriteBuffer(sql.length() + 8);
        FrontendMessages.query(out, sql);
        return out;
    }
}
