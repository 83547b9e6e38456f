package dev.weft.bench.pg;

import dev.weft.pg.PgConnection;
import dev.weft.pg.Row;
import dev.weft.pg.pool.PgPool;
import dev.weft.pg.pool.Sharing;

import java.util.List;

/**
 * The Weft configurations of {@link PgClient}, written the way a user writes them: the plain
 * {@code query}/{@code queryOne} calls with the driver's statement cache, no hand-prepared statements.
 */
final class WeftClients {
    private WeftClients() {
    }

    /** A new {@link PgConnection} for every worker. */
    static PgClient perWorker(String uri, int workers) {
        return SessionClient.open(workers, () -> {
            var conn = PgConnection.connect(uri);
            return new ConnectionSession(conn, conn::close);
        }, () -> { });
    }

    /** One {@link PgConnection} that every worker uses at once (the driver pipelines). */
    static PgClient shared(String uri, int workers) {
        var conn = PgConnection.connect(uri);
        return SessionClient.open(workers, () -> new ConnectionSession(conn, () -> { }), conn::close);
    }

    /** A {@link PgPool} of {@code size} connections, opened full; workers use its convenience calls. */
    static PgClient pool(String uri, int workers, int size, boolean pipelined) {
        var pool = PgPool.open(uri, cfg -> cfg.minSize(size).maxSize(size)
                .sharing(pipelined ? Sharing.PIPELINED : Sharing.EXCLUSIVE));
        return SessionClient.open(workers, () -> new SessionClient.Session() {
            @Override
            public int pointQuery(int id) {
                return randomNumber(pool.queryOne(BenchDatabase.POINT_QUERY, id));
            }

            @Override
            public int readMixed() {
                return touchAll(pool.query(BenchDatabase.ALL_MIXED));
            }

            @Override
            public void close() {
            }
        }, pool::close);
    }

    private record ConnectionSession(PgConnection conn, Runnable onClose) implements SessionClient.Session {
        @Override
        public int pointQuery(int id) {
            return randomNumber(conn.queryOne(BenchDatabase.POINT_QUERY, id));
        }

        @Override
        public int readMixed() {
            return touchAll(conn.query(BenchDatabase.ALL_MIXED));
        }

        @Override
        public void close() {
            onClose.run();
        }
    }

    private static int randomNumber(Row row) {
        if (row == null || row.getInt(0) <= 0) {
            throw new IllegalStateException("point query returned " + row);
        }
        return row.getInt(1);
    }

    /** Decodes every column of every row, as pgjdbc's {@code getObject} and asyncpg's records do. */
    private static int touchAll(List<Row> rows) {
        int nulls = 0;
        for (Row row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (row.get(i) == null) {
                    nulls++;
                }
            }
        }
        if (nulls != 0 || rows.size() != BenchDatabase.MIXED_ROWS) {
            throw new IllegalStateException("mixed read " + rows.size() + " rows with " + nulls + " nulls");
        }
        return rows.size();
    }
}
