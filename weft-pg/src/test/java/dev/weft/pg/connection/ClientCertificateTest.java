package dev.weft.pg.connection;

import dev.weft.embeddedpg.AuthMethod;
import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.SslMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mTLS: a server of its own with a user that authenticates by client certificate ({@code cert} in pg_hba). */
class ClientCertificateTest {
    private static EmbeddedPostgres server;

    @BeforeAll
    static void start() {
        server = EmbeddedPostgres.builder().user("cert_user", null, AuthMethod.CERT).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static PgConnectOptions.Builder options() {
        return PgConnectOptions.builder().host(server.host(), server.port()).user("cert_user").database("postgres")
                .sslMode(SslMode.VERIFY_FULL).sslRootCert(server.caCertificate()).passFile(null);
    }

    @Test
    void clientCertificateAuthenticatesTheUser() {
        var certificate = server.issueClientCertificate("cert_user");
        try (var conn = PgConnection.connect(options().sslClientCert(certificate.certificate(), certificate.privateKey()).build())) {
            assertThat(conn.queryValue(String.class, "SELECT current_user")).isEqualTo("cert_user");
            assertThat(conn.queryValue(Boolean.class, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isTrue();
        }
    }

    @Test
    void withoutACertificateTheServerRefuses() {
        assertThatThrownBy(() -> PgConnection.connect(options().build())).isInstanceOf(PgException.class);
    }

    @Test
    void aCertificateForSomeoneElseIsRefused() {
        var other = server.issueClientCertificate("somebody_else");
        assertThatThrownBy(() -> PgConnection.connect(options().sslClientCert(other.certificate(), other.privateKey()).build()))
                .isInstanceOf(PgException.class).hasMessageContaining("cert_user");
    }
}
