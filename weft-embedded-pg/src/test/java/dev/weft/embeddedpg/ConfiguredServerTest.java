package dev.weft.embeddedpg;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static dev.weft.embeddedpg.Jdbc.connect;
import static dev.weft.embeddedpg.Jdbc.queryValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server of its own, configured through every builder option, checked through pgjdbc. */
class ConfiguredServerTest {
    private static EmbeddedPostgres server;

    @BeforeAll
    static void start() {
        server = EmbeddedPostgres.builder()
                .majorVersion(17)
                .user("app", "s3cr'et:@/", AuthMethod.SCRAM_SHA_256)
                .user("certy", null, AuthMethod.CERT)
                .tlsOnlyUser("clear", "plain", AuthMethod.PASSWORD)
                .setting("work_mem", "7MB")
                .setting("max_connections", "50")
                .initSql("CREATE TABLE seeded (x int); INSERT INTO seeded VALUES (42)")
                .initSql("GRANT SELECT ON seeded TO app")
                .unixSocket(true)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void initSqlRanInOrder() throws SQLException {
        try (var c = connect(server, "postgres", "app", "s3cr'et:@/", "disable")) {
            assertThat(queryValue(c, "SELECT x FROM seeded")).isEqualTo("42");
        }
    }

    @Test
    void extraSettingsOverrideDefaultsAndDefaultsHold() throws SQLException {
        try (var c = connect(server, "postgres", "app", "s3cr'et:@/", "require")) {
            assertThat(queryValue(c, "SHOW work_mem")).isEqualTo("7MB");
            assertThat(queryValue(c, "SHOW max_connections")).isEqualTo("50");
            assertThat(queryValue(c, "SHOW fsync")).isEqualTo("off");
            assertThat(queryValue(c, "SHOW synchronous_commit")).isEqualTo("off");
            assertThat(queryValue(c, "SHOW full_page_writes")).isEqualTo("off");
            assertThat(queryValue(c, "SHOW password_encryption")).isEqualTo("scram-sha-256");
            assertThat(queryValue(c, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void passwordUserIsTlsOnly() throws SQLException {
        try (var c = connect(server, "postgres", "clear", "plain", "verify-full")) {
            assertThat(queryValue(c, "SELECT current_user")).isEqualTo("clear");
        }
        assertThatThrownBy(() -> connect(server, "postgres", "clear", "plain", "disable"))
                .isInstanceOf(SQLException.class).hasMessageContaining("no encryption");
    }

    @Test
    void certUserLogsInWithAnIssuedClientCertificate() throws SQLException {
        ClientCertificate certificate = server.issueClientCertificate("certy");
        assertThat(certificate.privateKey()).content().startsWith("-----BEGIN PRIVATE KEY-----");
        var properties = new Properties();
        properties.setProperty("user", "certy");
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", server.caCertificate().toString());
        properties.setProperty("sslcert", certificate.certificate().toString());
        properties.setProperty("sslkey", certificate.privateKeyDer().toString());
        try (var c = DriverManager.getConnection(server.jdbcUrl("postgres"), properties)) {
            assertThat(queryValue(c, "SELECT current_user")).isEqualTo("certy");
        }
    }

    @Test
    void certUserWithAnotherNamesCertificateIsRefused() {
        ClientCertificate certificate = server.issueClientCertificate("somebody_else");
        var properties = new Properties();
        properties.setProperty("user", "certy");
        properties.setProperty("sslmode", "verify-full");
        properties.setProperty("sslrootcert", server.caCertificate().toString());
        properties.setProperty("sslcert", certificate.certificate().toString());
        properties.setProperty("sslkey", certificate.privateKeyDer().toString());
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), properties))
                .isInstanceOf(SQLException.class).hasMessageContaining("certificate authentication failed");
    }

    @Test
    void listensOnAUnixSocketWhenAsked() {
        Path directory = server.unixSocketDirectory().orElseThrow();
        assertThat(directory.resolve(".s.PGSQL." + server.port())).exists();
        assertThat(server.query("postgres", "SHOW unix_socket_directories"))
                .containsExactly(List.of(directory.toString()));
    }

    @Test
    void runsAsNobodyWhenTheJvmIsRoot() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).getFirst());
        String user = ProcessHandle.of(postmaster).orElseThrow().info().user().orElseThrow();
        int dataOwner = (Integer) Files.getAttribute(server.dataDirectory(), "unix:uid");
        if (OsAccount.currentUid() == 0) {
            assertThat(user).isEqualTo("nobody");
            assertThat(dataOwner).isNotZero();
        } else {
            assertThat(user).isEqualTo(System.getProperty("user.name"));
            assertThat(dataOwner).isEqualTo(OsAccount.currentUid());
        }
    }

    @Test
    void reportsTheRequestedMajorVersion() {
        assertThat(server.majorVersion()).isEqualTo(17);
        assertThat(server.query("postgres", "SHOW server_version_num").getFirst().getFirst()).startsWith("17");
    }

    @Test
    void adminErrorsCarryTheServersSqlState() {
        server.createDatabase("twice");
        assertThatThrownBy(() -> server.createDatabase("twice"))
                .isInstanceOfSatisfying(EmbeddedPostgresException.class,
                        e -> assertThat(e.sqlState()).contains("42P04"))
                .hasMessageContaining("\"twice\" already exists");
        server.dropDatabase("twice");
        server.dropDatabase("twice");
        assertThat(server.query("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'twice'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void queryReturnsNullsAndEveryStatementsRows() {
        assertThat(server.query("postgres", "SELECT NULL::text, 'a'; SELECT 'b', 'c'"))
                .containsExactly(Arrays.asList(null, "a"), List.of("b", "c"));
    }

    @Test
    void copyFromStdinFailsCleanlyInsteadOfHanging() {
        assertThatThrownBy(() -> server.execute("postgres", "COPY seeded FROM STDIN"))
                .isInstanceOfSatisfying(EmbeddedPostgresException.class,
                        e -> assertThat(e.sqlState()).contains("57014"))
                .hasMessageContaining("COPY FROM STDIN");
        assertThat(server.query("postgres", "SELECT count(*) FROM seeded")).containsExactly(List.of("1"));
    }
}
