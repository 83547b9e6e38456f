package dev.weft.embeddedpg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** pgjdbc, a client nobody here wrote, as the tests' independent witness. */
final class Jdbc {
    private Jdbc() {
    }

    static Connection connect(EmbeddedPostgres server, String database, String user, String password, String sslMode)
            throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("sslmode", sslMode);
        properties.setProperty("connectTimeout", "10");
        if (sslMode.startsWith("verify")) {
            properties.setProperty("sslrootcert", server.caCertificate().toString());
        }
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }

    static String queryValue(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return rs.getString(1);
        }
    }
}
