package dev.weft.pg.connection;

import dev.weft.pg.Column;
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
import dev.weft.pg.codec.TypeCodec;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage.DataRow;
import dev.weft.pg.protocol.BackendMessage.Field;
import dev.weft.pg.protocol.FrontendMessages;
import dev.weft.pg.protocol.Request.Resend;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one implementation of {@link PgConnection}: a view of a shared {@link Session} (and its
 * {@link SessionCaches}) with a per-call timeout and, inside a transaction, the owner's token. Views are
 * cheap; all state lives in the session. Thread-safe.
 */
final class RealPgConnection implements PgConnection {
    private static final int MAX_PREPARE_ATTEMPTS = 3;

    final Session session;
    final SessionCaches caches;
    final Object token;
    final Duration timeout;
    final Catalog catalog;

    RealPgConnection(Session session, SessionCaches caches, Object token, Duration timeout) {
        this.session = session;
        this.caches = caches;
        this.token = token;
        this.timeout = timeout;
        this.catalog = new Catalog(caches.typesByOid(), caches.typesByName(), this);
    }

    /** The same session seen with {@code token} (a transaction's) and {@code timeout}. */
    RealPgConnection view(Object token, Duration timeout) {
        return new RealPgConnection(session, caches, token, timeout);
    }

    @Override
    public List<Row> query(String sql, Object... args) {
        return rows(sql, args, 0);
    }

    /** Runs {@code sql} and returns at most {@code maxRows} rows (0: all). */
    private List<Row> rows(String sql, Object[] args, int maxRows) {
        Run run = runWithRetry(sql, List.<Object[]>of(args), true, maxRows);
        var rows = new ArrayList<Row>(run.exchange.rows().size());
        for (DataRow data : run.exchange.rows()) {
            rows.add(new RealRow(run.statement, session.options().codecs(), data));
        }
        return rows;
    }

    @Override
    public <R> List<R> query(Class<R> type, String sql, Object... args) {
        List<Row> rows = query(sql, args);
        if (rows.isEmpty()) {
            return List.of();
        }
        var mapper = new RecordMapper<>(type, rows.getFirst().columns());
        var mapped = new ArrayList<R>(rows.size());
        for (Row row : rows) {
            mapped.add(mapper.map(row));
        }
        return mapped;
    }

    @Override
    public Row queryOne(String sql, Object... args) {
        // Execute with a row limit: the server stops after the first row instead of sending them all.
        List<Row> rows = rows(sql, args, 1);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    @Override
    public <R> R queryOne(Class<R> type, String sql, Object... args) {
        Row row = queryOne(sql, args);
        return row == null ? null : new RecordMapper<>(type, row.columns()).map(row);
    }

    @Override
    public <T> T queryValue(Class<T> type, String sql, Object... args) {
        Row row = queryOne(sql, args);
        if (row == null) {
            return null;
        }
        if (row.size() == 0) {
            throw new IllegalArgumentException("queryValue: the statement returns no columns: " + sql);
        }
        return row.get(0, type);
    }

    @Override
    public long execute(String sql, Object... args) {
        if (args.length == 0) {
            return simple(sql);
        }
        List<Long> counts = runWithRetry(sql, List.<Object[]>of(args), false, 0).exchange.counts();
        return counts.isEmpty() ? 0 : counts.getLast();
    }

    @Override
    public long[] executeBatch(String sql, List<Object[]> argsList) {
        if (argsList.isEmpty()) {
            return new long[0];
        }
        List<Long> counts = runWithRetry(sql, argsList, false, 0).exchange.counts();
        return counts.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public PreparedStatement prepare(String sql) {
        Statement statement = caches.statements().detached(sql);
        describe(statement, null);
        return new RealPreparedStatement(this, statement);
    }

    @Override
    public void transaction(TransactionBody body) {
        Transactions.run(this, TransactionOptions.DEFAULT, tx -> {
            body.run(tx);
            return null;
        });
    }

    @Override
    public void transaction(TransactionOptions options, TransactionBody body) {
        Transactions.run(this, options, tx -> {
            body.run(tx);
            return null;
        });
    }

    @Override
    public <T> T transactionResult(TransactionFunction<T> body) {
        return Transactions.run(this, TransactionOptions.DEFAULT, body);
    }

    @Override
    public <T> T transactionResult(TransactionOptions options, TransactionFunction<T> body) {
        return Transactions.run(this, options, body);
    }

    @Override
    public PgConnection withTimeout(Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + value);
        }
        return view(token, value);
    }

    @Override
    public String parameter(String name) {
        return session.parameter(name);
    }

    @Override
    public Map<String, String> parameters() {
        return session.parameters();
    }

    @Override
    public TransactionStatus transactionStatus() {
        return session.transactionStatus();
    }

    @Override
    public int processId() {
        return session.processId();
    }

    @Override
    public void onNotice(Consumer<ServerMessage> listener) {
        session.onNotice(listener);
    }

    @Override
    public void onClose(Consumer<PgException> listener) {
        session.onClose(listener);
    }

    @Override
    public void onNotification(Consumer<Notification> listener) {
        session.onNotification(listener);
    }

    @Override
    public long copyIn(String table, List<String> columns, Iterable<?> rows) {
        return copyIn(table, columns, rows.iterator());
    }

    @Override
    public long copyIn(String table, List<String> columns, Iterator<?> rows) {
        String target = Identifiers.qualified(table);
        String described = columns.isEmpty() ? "*" : Identifiers.list(columns);
        return Copies.exclusive(this, owner -> {
            var view = owner == token ? this : view(owner, timeout);
            // Parse + Describe picks every column's type (and caches any catalog row its codec needs) before
            // COPY starts: once it has, nothing else may be sent until it ends.
            var statement = new Statement("SELECT " + described + " FROM " + target, "");
            view.describe(statement, null);
            String sql = "COPY " + target + " (" + Identifiers.list(statement.columns.stream().map(Column::name).toList())
                    + ") FROM STDIN (FORMAT binary)";
            var encoder = new BinaryCopyEncoder(rows, statement.columns, session.options().codecs(),
                    BinaryCopyEncoder.cachedOnly(caches.typesByOid(), caches.typesByName()));
            return Copies.copyIn(view, owner, sql, encoder);
        });
    }

    @Override
    public long copyIn(String copySql, InputStream data) {
        return Copies.copyIn(this, copySql, data);
    }

    @Override
    public long copyOut(String copySql, OutputStream target) {
        return Copies.copyOut(this, copySql, target);
    }

    @Override
    public RowStream copyOutRows(String query) {
        return CopyRowStream.open(this, query);
    }

    @Override
    public RowStream stream(String sql, int fetchSize, Object... args) {
        return CursorStream.open(this, sql, fetchSize, args);
    }

    @Override
    public boolean ping() {
        if (!session.isUsable()) {
            return false;
        }
        try {
            simple("");
            return session.transactionStatus() == TransactionStatus.IDLE;
        } catch (PgException e) {
            return false;
        }
    }

    @Override
    public void reset() {
        if (session.transactionStatus() != TransactionStatus.IDLE) {
            simple("ROLLBACK");
        }
        // DISCARD ALL minus DEALLOCATE ALL: the statement cache stays valid.
        simple("CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; UNLISTEN *; "
                + "SELECT pg_advisory_unlock_all(); DISCARD PLANS; DISCARD TEMP; DISCARD SEQUENCES");
    }

    @Override
    public boolean isUsable() {
        return session.isUsable();
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "PgConnection[" + session.options().user() + "@" + session.host() + "/" + session.options().database() + ", pid "
                + session.processId() + ", " + (session.isUsable() ? session.transactionStatus() : "closed") + "]";
    }

    /** The authentication mechanism used at startup (for tests and diagnostics). */
    String authMechanism() {
        return session.authMechanism();
    }

    /** Runs {@code sql} through the simple protocol; returns the last command's row count. */
    long simple(String sql) {
        var out = new WriteBuffer(sql.length() + 16);
        FrontendMessages.query(out, sql);
        Exchange exchange = session.run(out, token, timeout, false, null, Resend.IF_NOTHING_COMPLETED);
        exchange.throwIfFailed();
        return exchange.lastCount();
    }

    /** A finished run: the statement it used and the exchange holding the results. */
    record Run(Statement statement, Exchange exchange) {
    }

    private Run runWithRetry(String sql, List<Object[]> argsList, boolean keepRows, int maxRows) {
        if (session.transactionStatus() == TransactionStatus.FAILED) {
            throw PgException.of(ServerMessage.client("25P02",
                    "current transaction is aborted, commands ignored until end of transaction block (roll it back first)"));
        }
        Statement statement = statementFor(sql);
        Exchange exchange = execute(statement, argsList, keepRows, maxRows);
        if (exchange.failure() == null && exchange.error() != null && staleStatement(statement, exchange)) {
            caches.statements().invalidate(statement);
            statement = statementFor(sql);
            exchange = execute(statement, argsList, keepRows, maxRows);
        }
        if (statement.named() && !caches.statements().isCached(statement)) {
            caches.statements().retire(statement); // lost a race to cache the same SQL (or evicted): close it later
        }
        exchange.throwIfFailed();
        if (!statement.named() && exchange.description() != null && !sameTypes(statement, exchange.description().fields())) {
            // The unnamed statement already ran (running it again could repeat a write): decode this result
            // by the portal's own description and describe the SQL afresh next time.
            caches.statements().invalidate(statement);
            statement = describedByPortal(statement, exchange.description().fields());
        }
        return new Run(statement, exchange);
    }

    // Outside a transaction a failed statement did nothing, so running it again is safe.
    private boolean staleStatement(Statement statement, Exchange exchange) {
        if (exchange.transactionStatus() != 'I') {
            return false;
        }
        String state = exchange.error().sqlState();
        String message = exchange.error().message() == null ? "" : exchange.error().message();
        if (!statement.named()) {
            // The re-parsed unnamed statement now has another number of columns than the cached description.
            return "08P01".equals(state) && message.contains("result formats");
        }
        return "26000".equals(state) || ("0A000".equals(state) && message.contains("cached plan must not change result type"));
    }

    /** A statement whose columns are what the portal reported; a column that came in a format nothing here reads fails clearly. */
    private Statement describedByPortal(Statement stale, List<Field> fields) {
        var columns = new ArrayList<Column>(fields.size());
        var codecs = new TypeCodec<?>[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            columns.add(new Column(f.name(), f.typeOid(), f.typeModifier(), f.tableOid(), f.columnNumber()));
            TypeCodec<?> codec = session.options().codecs().forOid(f.typeOid(), catalog);
            boolean binaryCodec = codec != null && codec.binary();
            if (f.format() == 1 && !binaryCodec) {
                throw PgException.of(ServerMessage.client("0A000", "the result type of column \"" + f.name()
                        + "\" changed while the statement ran; run it again: " + stale.sql));
            }
            codecs[i] = f.format() == 1 || !binaryCodec ? codec : null;
        }
        var fresh = new Statement(stale.sql, "");
        fresh.prepared(stale.parameterTypes, columns, codecs);
        return fresh;
    }

    Statement statementFor(String sql) {
        for (int attempt = 1; ; attempt++) {
            Statement cached = caches.statements().lookup(sql);
            // A transaction never waits for another caller's preparation: that caller may itself be waiting
            // for the transaction (to look a type up in the catalog). It prepares a statement of its own.
            if (cached != null && token != null && !cached.isSettled()) {
                Statement own = caches.statements().create(sql);
                describe(own, null);
                return own;
            }
            if (cached != null) {
                if (cached.awaitReady()) {
                    return cached;
                }
                if (attempt >= MAX_PREPARE_ATTEMPTS) {
                    throw PgException.of(ServerMessage.client("26000", "statement could not be prepared by another caller: " + sql));
                }
                continue;
            }
            Statement statement = caches.statements().create(sql);
            try {
                describe(statement, () -> caches.statements().register(statement));
                return statement;
            } catch (RuntimeException e) {
                caches.statements().invalidate(statement);
                statement.failed();
                throw e;
            }
        }
    }

    /**
     * Parse + Describe + Sync: learns the statement's parameter and result types and picks column codecs.
     * {@code onQueued} runs once the messages are queued (null for none).
     */
    void describe(Statement statement, Runnable onQueued) {
        var out = new WriteBuffer(statement.sql.length() + 64);
        caches.statements().writePendingCloses(out);
        FrontendMessages.parse(out, statement.name, statement.sql, new int[0]);
        FrontendMessages.describe(out, 'S', statement.name);
        FrontendMessages.sync(out);
        // Parsing the unnamed statement again just replaces it, so that exchange can always be re-sent whole.
        var resend = statement.named() ? Resend.IF_NOT_PARSED : Resend.WHOLE;
        Exchange exchange = session.run(out, token, timeout, true, onQueued, resend);
        if (statement.named() && exchange.parsed() && exchange.hitByStrayCancel()) {
            // A cancel meant for another request hit the Describe after the Parse had created the named
            // statement (it outlives the rolled-back implicit transaction): only ask again.
            var again = new WriteBuffer(statement.name.length() + 16);
            FrontendMessages.describe(again, 'S', statement.name);
            FrontendMessages.sync(again);
            exchange = session.run(again, token, timeout, true, null, Resend.WHOLE);
        }
        exchange.throwIfFailed();
        List<Field> fields = exchange.description() == null ? List.of() : exchange.description().fields();
        var columns = new ArrayList<Column>(fields.size());
        var codecs = new TypeCodec<?>[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            columns.add(new Column(f.name(), f.typeOid(), f.typeModifier(), f.tableOid(), f.columnNumber()));
            codecs[i] = session.options().codecs().forOid(f.typeOid(), catalog);
        }
        statement.prepared(exchange.parameters() == null ? new int[0] : exchange.parameters().typeOids(), columns, codecs);
    }

    /**
     * Bind + Execute (of at most {@code maxRows} rows, 0 for all) per argument array, one Sync; the
     * unnamed statement is parsed again and its portal described.
     */
    Exchange execute(Statement statement, List<Object[]> argsList, boolean keepRows, int maxRows) {
        var out = new WriteBuffer(64 + statement.sql.length());
        if (!statement.named()) {
            FrontendMessages.parse(out, "", statement.sql, statement.parameterTypes);
        }
        for (Object[] args : argsList) {
            writeBind(out, "", statement, args);
            if (!statement.named()) {
                FrontendMessages.describe(out, 'P', "");
            }
            FrontendMessages.execute(out, "", maxRows);
        }
        FrontendMessages.sync(out);
        // Under one Sync the Executes form one implicit transaction: a stray cancel rolls all of them back.
        return session.run(out, token, timeout, keepRows, null, Resend.WHOLE);
    }

    /** Writes a Bind of {@code args} to {@code statement} into portal {@code portal}. */
    void writeBind(WriteBuffer out, String portal, Statement statement, Object[] args) {
        int count = statement.parameterTypes.length;
        if (args.length != count) {
            throw new IllegalArgumentException("the statement has " + count + " parameter(s) but " + args.length
                    + " argument(s) were given: " + statement.sql);
        }
        var encoders = encoders(statement, args);
        int[] formats = new int[count];
        for (int i = 0; i < count; i++) {
            formats[i] = encoders[i] != null && encoders[i].binary() ? 1 : 0;
        }
        FrontendMessages.bind(out, portal, statement.name, formats, count, (i, buffer) -> {
            if (args[i] == null) {
                return false;
            }
            encoders[i].encode(args[i], buffer);
            return true;
        }, statement.resultFormats);
    }

    @SuppressWarnings("unchecked")
    private TypeCodec<Object>[] encoders(Statement statement, Object[] args) {
        var encoders = (TypeCodec<Object>[]) new TypeCodec<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            if (args[i] != null) {
                try {
                    encoders[i] = session.options().codecs().forParameter(statement.parameterTypes[i], args[i], catalog);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("parameter $" + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return encoders;
    }

    private static boolean sameTypes(Statement statement, List<Field> fields) {
        if (fields.size() != statement.columns.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).typeOid() != statement.columns.get(i).typeOid()) {
                return false;
            }
        }
        return true;
    }
}
