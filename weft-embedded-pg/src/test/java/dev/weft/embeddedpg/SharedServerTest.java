package dev.weft.embeddedpg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedPostgresExtension.class)
class SharedServerTest {

    private static Connection connect(EmbeddedPostgres server, String database, String user, String password,
                                      String sslMode) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("sslmode", sslMode);
        if (sslMode.startsWith("verify")) {
            properties.setProperty("sslrootcert", server.caCertificate().toString());
        }
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }

    private static String currentUser(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void scramUserConnectsOverTcp(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "scram_user", "scram_pass", "disable")) {
            assertThat(currentUser(c)).isEqualTo("scram_user");
        }
    }

    @Test
    void md5UserConnectsOverTcp(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "md5_user", "md5_pass", "disable")) {
            assertThat(currentUser(c)).isEqualTo("md5_user");
        }
    }

    @Test
    void trustUserConnectsWithoutPassword(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "trust_user", null, "disable")) {
            assertThat(currentUser(c)).isEqualTo("trust_user");
        }
    }

    @Test
    void tlsVerifyFullAgainstTheFixtureCa(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "tls_only_user", "tls_pass", "verify-full");
             var statement = c.createStatement();
             var rs = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void wrongPasswordIsRefused(EmbeddedPostgres server) {
        assertThatThrownBy(() -> connect(server, "postgres", "scram_user", "wrong", "disable"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void tlsOnlyUserCannotConnectWithoutTls(EmbeddedPostgres server) {
        assertThatThrownBy(() -> connect(server, "postgres", "tls_only_user", "tls_pass", "disable"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no encryption");
    }
}
