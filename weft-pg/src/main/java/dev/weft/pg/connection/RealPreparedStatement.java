package dev.weft.pg.connection;

import dev.weft.pg.Column;
import dev.weft.pg.PreparedStatement;
import dev.weft.pg.Row;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage.DataRow;
import dev.weft.pg.protocol.FrontendMessages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A named statement outside the cache, made by {@link RealPgConnection#prepare}. Thread-safe. */
final class RealPreparedStatement implements PreparedStatement {
    private final RealPgConnection connection;
    private final Statement statement;

    RealPreparedStatement(RealPgConnection connection, Statement statement) {
        this.connection = connection;
        this.statement = statement;
    }

    @Override
    public String sql() {
        return statement.sql;
    }

    @Override
    public List<Integer> parameterTypes() {
        return Arrays.stream(statement.parameterTypes).boxed().toList();
    }

    @Override
    public List<Column> columns() {
        return statement.columns;
    }

    @Override
    public List<Row> query(Object... args) {
        Exchange exchange = run(args, true);
        var rows = new ArrayList<Row>(exchange.rows().size());
        for (DataRow data : exchange.rows()) {
            rows.add(new RealRow(statement, connection.session.options().codecs(), data));
        }
        return rows;
    }

    @Override
    public Row queryOne(Object... args) {
        List<Row> rows = query(args);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    @Override
    public <T> T queryValue(Class<T> type, Object... args) {
        Row row = queryOne(args);
        return row == null ? null : row.get(0, type);
    }

    @Override
    public long execute(Object... args) {
        List<Long> counts = run(args, false).counts();
        return counts.isEmpty() ? 0 : counts.getLast();
    }

    @Override
    public void close() {
        if (statement.closed) {
            return;
        }
        statement.closed = true;
        if (connection.isUsable()) {
            var out = new WriteBuffer(32);
            FrontendMessages.close(out, 'S', statement.name);
            FrontendMessages.sync(out);
            connection.session.run(out, connection.token, connection.timeout, false).throwIfFailed();
        }
    }

    @Override
    public String toString() {
        return "PreparedStatement[" + statement.name + ": " + statement.sql + "]";
    }

    private Exchange run(Object[] args, boolean keepRows) {
        if (statement.closed) {
            throw new IllegalStateException("prepared statement is closed: " + statement.sql);
        }
        Exchange exchange = connection.execute(statement, List.<Object[]>of(args), keepRows, 0);
        exchange.throwIfFailed();
        return exchange;
    }
}
