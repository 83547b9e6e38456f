package dev.weft.embeddedpg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static dev.weft.embeddedpg.Jdbc.connect;
import static dev.weft.embeddedpg.Jdbc.queryValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared server's users and TLS, as the other modules' tests rely on them, seen through pgjdbc. */
@ExtendWith(EmbeddedPostgresExtension.class)
class SharedServerTest {

    @Test
    void scramUserConnectsOverTcp(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "scram_user", "scram_pass", "disable")) {
            assertThat(queryValue(c, "SELECT current_user")).isEqualTo("scram_user");
            assertThat(queryValue(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("f");
        }
    }

    @Test
    void scramUserIsStoredAsScramVerifier(EmbeddedPostgres server) {
        assertThat(server.query("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'scram_user'"))
                .singleElement().satisfies(row -> assertThat(row.getFirst()).startsWith("SCRAM-SHA-256$"));
    }

    @Test
    void md5UserConnectsWithARealMd5Exchange(EmbeddedPostgres server) throws SQLException {
        assertThat(server.query("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = 'md5_user'"))
                .singleElement().satisfies(row -> assertThat(row.getFirst()).startsWith("md5"));
        try (var c = connect(server, "postgres", "md5_user", "md5_pass", "disable")) {
            assertThat(queryValue(c, "SELECT current_user")).isEqualTo("md5_user");
        }
    }

    @Test
    void trustUserConnectsWithoutPassword(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "trust_user", null, "disable")) {
            assertThat(queryValue(c, "SELECT current_user")).isEqualTo("trust_user");
        }
    }

    @Test
    void cleartextUserConnects(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "cleartext_user", "cleartext_pass", "disable")) {
            assertThat(queryValue(c, "SELECT current_user")).isEqualTo("cleartext_user");
        }
    }

    @Test
    void tlsVerifyFullAgainstTheFixtureCa(EmbeddedPostgres server) throws SQLException {
        try (var c = connect(server, "postgres", "tls_only_user", "tls_pass", "verify-full")) {
            assertThat(queryValue(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        }
    }

    @Test
    void certificateNamesLocalhostToo(EmbeddedPostgres server) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", "scram_user");
        properties.setProperty("password", "scram_pass");
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", server.caCertificate().toString());
        String url = "jdbc:postgresql://localhost:" + server.port() + "/postgres";
        try (var c = DriverManager.getConnection(url, properties)) {
            assertThat(queryValue(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
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

    @Test
    void sharedIsOneServerWhoseCloseIsIgnored(EmbeddedPostgres server) throws SQLException {
        assertThat(EmbeddedPostgres.shared()).isSameAs(server);
        server.close();
        try (var c = connect(server, "postgres", "trust_user", null, "disable")) {
            assertThat(queryValue(c, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void reportsItsAddressAndVersion(EmbeddedPostgres server) {
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.superuser()).isEqualTo("postgres");
        assertThat(server.serverVersion()).startsWith(server.majorVersion() + ".");
        assertThat(server.majorVersion()).isGreaterThanOrEqualTo(17);
        assertThat(server.uri("scram_user", "scram_pass", "postgres"))
                .isEqualTo("postgresql://scram_user:scram_pass@127.0.0.1:" + server.port() + "/postgres");
        assertThat(server.jdbcUrl("db")).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/db");
    }
}
