package dev.weft.bench.pg;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

/**
 * pgjdbc as its users run it for speed: one connection per worker, each statement prepared once and
 * reused (after five executions pgjdbc switches to a named server-side statement and binary results).
 */
final class JdbcClient implements PgClient {
    private final String url;
    private final Properties properties = new Properties();

    private JdbcClient(String url, String user, String password) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "disable");
    }

    /** Reads host, port, database and credentials from a {@code postgresql://user:password@host:port/db} URI. */
    static JdbcClient open(String uri) {
        var parsed = URI.create(uri);
        String[] credentials = parsed.getUserInfo() == null ? new String[0] : parsed.getUserInfo().split(":", 2);
        if (credentials.length != 2) {
            throw new IllegalArgumentException("URI must carry user:password: " + uri);
        }
        String url = "jdbc:postgresql://" + parsed.getHost() + ":" + parsed.getPort() + parsed.getPath();
        return new JdbcClient(url, credentials[0], credentials[1]);
    }

    @Override
    public Session session() {
        try {
            return new JdbcSession(DriverManager.getConnection(url, properties));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + url, e);
        }
    }

    @Override
    public void close() {
    }

    private static final class JdbcSession implements Session {
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
