package dev.weft.bench.pg;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;

/**
 * pgjdbc as its users run it for speed: one connection per worker, each statement prepared once and
 * reused (after five executions pgjdbc switches to a named server-side statement and binary results).
 */
final class JdbcClient {
    private JdbcClient() {
    }

    /**
     * Opens one connection per worker, reading host, port, database and credentials from a
     * {@code postgresql://user:password@host:port/db} URI; workers run on threads from {@code threads}.
     */
    static PgClient open(String uri, int workers, ThreadFactory threads) {
        var parsed = URI.create(uri);
        String[] credentials = parsed.getUserInfo() == null ? new String[0] : parsed.getUserInfo().split(":", 2);
        if (credentials.length != 2) {
            throw new IllegalArgumentException("URI must carry user:password: " + uri);
        }
        String url = "jdbc:postgresql://" + parsed.getHost() + ":" + parsed.getPort() + parsed.getPath();
        var properties = new Properties();
        properties.setProperty("user", credentials[0]);
        properties.setProperty("password", credentials[1]);
        properties.setProperty("sslmode", "disable");
        return SessionClient.open(workers, () -> {
            try {
                return new JdbcSession(DriverManager.getConnection(url, properties));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to " + url, e);
            }
        }, () -> { }, threads);
    }

    private static final class JdbcSession implements SessionClient.Session {
        private final Connection conn;
        private final PreparedStatement point;
        private final PreparedStatement mixed;

        JdbcSession(Connection conn) throws SQLException {
            this.conn = conn;
            this.point = conn.prepareStatement(BenchDatabase.POINT_QUERY_JDBC);
            this.mixed = conn.prepareStatement(BenchDatabase.ALL_MIXED);
        }

        @Override
        public int pointQuery(int id) {
            try {
                point.setInt(1, id);
                try (var rs = point.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) <= 0) {
                        throw new IllegalStateException("point query found no row for " + id);
                    }
                    return rs.getInt(2);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int readMixed() {
            try (var rs = mixed.executeQuery()) {
                int rows = 0;
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        if (rs.getObject(i) == null) {
                            throw new IllegalStateException("unexpected NULL in column " + i);
                        }
                    }
                    rows++;
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                conn.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
