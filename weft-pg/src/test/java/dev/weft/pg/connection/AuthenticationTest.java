package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.ChannelBinding;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.SslMode;
import dev.weft.pg.TargetSessionAttrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedPostgresExtension.class)
class AuthenticationTest {
    private final EmbeddedPostgres pg;
    private final TestDatabase db;

    AuthenticationTest(EmbeddedPostgres pg, TestDatabase db) {
        this.pg = pg;
        this.db = db;
    }

    private String connectAndAsk(PgConnectOptionsTweak tweak, String user, String password) {
        try (var conn = (RealPgConnection) PgConnection.connect(tweak.apply(Db.options(db, user, password)).build())) {
            assertThat(conn.queryValue(String.class, "SELECT current_user")).isEqualTo(user);
            return conn.authMechanism();
        }
    }

    interface PgConnectOptionsTweak extends java.util.function.UnaryOperator<dev.weft.pg.PgConnectOptions.Builder> {
    }

    @Test
    void everyPasswordMethodAuthenticates() {
        assertThat(connectAndAsk(b -> b, "trust_user", null)).isEqualTo("trust");
        assertThat(connectAndAsk(b -> b, "cleartext_user", "cleartext_pass")).isEqualTo("password");
        assertThat(connectAndAsk(b -> b, "md5_user", "md5_pass")).isEqualTo("md5");
        assertThat(connectAndAsk(b -> b, "scram_user", "scram_pass")).isEqualTo("SCRAM-SHA-256");
    }

    @Test
    void scramOverTlsUsesChannelBinding() {
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.REQUIRE), "scram_user", "scram_pass")).isEqualTo("SCRAM-SHA-256-PLUS");
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.REQUIRE), "tls_only_user", "tls_pass")).isEqualTo("SCRAM-SHA-256-PLUS");
    }

    @Test
    void channelBindingCanBeRequiredOrDisabled() {
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.REQUIRE).channelBinding(ChannelBinding.REQUIRE), "scram_user", "scram_pass"))
                .isEqualTo("SCRAM-SHA-256-PLUS");
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.REQUIRE).channelBinding(ChannelBinding.DISABLE), "scram_user", "scram_pass"))
                .isEqualTo("SCRAM-SHA-256");
        assertThat(catchPg(() -> connectAndAsk(b -> b.channelBinding(ChannelBinding.REQUIRE), "scram_user", "scram_pass"))
                .getMessage()).contains("channel_binding=require but the connection is not TLS");
        assertThat(catchPg(() -> connectAndAsk(b -> b.sslMode(SslMode.REQUIRE).channelBinding(ChannelBinding.REQUIRE), "md5_user", "md5_pass"))
                .getMessage()).contains("channel_binding=require but the server authenticated the session with md5");
    }

    @Test
    void wrongPasswordIsRejectedWithoutRevealingIt() {
        for (String user : new String[]{"scram_user", "md5_user", "cleartext_user"}) {
            var error = catchPg(() -> connectAndAsk(b -> b, user, "Wr0ngSecret!"));
            assertThat(error.sqlState()).isEqualTo("28P01");
            assertThat(stackTraceOf(error)).doesNotContain("Wr0ngSecret!");
        }
        var missing = catchPg(() -> connectAndAsk(b -> b, "scram_user", null));
        assertThat(missing.getMessage()).contains("no password was given");
    }

    @Test
    void tlsOnlyUserIsRefusedOverPlainTcp() {
        var error = catchPg(() -> connectAndAsk(b -> b.sslMode(SslMode.DISABLE), "tls_only_user", "tls_pass"));
        assertThat(error.sqlState()).isEqualTo("28000");
        // allow: plain first, TLS after the refusal
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.ALLOW), "tls_only_user", "tls_pass")).isEqualTo("SCRAM-SHA-256-PLUS");
    }

    @Test
    void verifyFullAcceptsTheFixtureCaAndChecksTheHostName() {
        Path ca = pg.caCertificate();
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.VERIFY_FULL).sslRootCert(ca), "scram_user", "scram_pass"))
                .isEqualTo("SCRAM-SHA-256-PLUS");
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.VERIFY_FULL).sslRootCert(ca).host("localhost", pg.port()),
                "scram_user", "scram_pass")).isEqualTo("SCRAM-SHA-256-PLUS");
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.VERIFY_CA).sslRootCert(ca), "md5_user", "md5_pass")).isEqualTo("md5");
        // Without the fixture CA the JDK trust store does not know the server's certificate.
        var untrusted = catchPg(() -> connectAndAsk(b -> b.sslMode(SslMode.VERIFY_FULL), "scram_user", "scram_pass"));
        assertThat(untrusted.sqlState()).isEqualTo("08001");
        assertThat(untrusted.getMessage()).contains("TLS handshake");
    }

    @Test
    void directTlsNegotiationWorksOnPostgres17() {
        assertThat(pg.majorVersion()).isGreaterThanOrEqualTo(17);
        assertThat(connectAndAsk(b -> b.sslMode(SslMode.VERIFY_FULL).sslRootCert(pg.caCertificate()).directTls(true),
                "scram_user", "scram_pass")).isEqualTo("SCRAM-SHA-256-PLUS");
    }

    @Test
    void passwordComesFromThePassFile(@TempDir Path dir) throws Exception {
        Path pass = dir.resolve("pgpass");
        Files.writeString(pass, "# comment\nother:*:*:*:nope\n" + pg.host() + ":" + pg.port() + ":*:md5_user:md5_pass\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        assertThat(connectAndAsk(b -> b.passFile(pass), "md5_user", null)).isEqualTo("md5");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(catchPg(() -> connectAndAsk(b -> b.passFile(pass), "md5_user", null)).getMessage()).contains("no password");
    }

    @Test
    void unreachableHostsFailWithTheirAddressAndTheNextHostIsTried() {
        var error = catchPg(() -> connectAndAsk(b -> b.host("127.0.0.1", 1), "trust_user", null));
        assertThat(error.sqlState()).isEqualTo("08001");
        assertThat(error.getMessage()).contains("127.0.0.1:1");
        var hosts = java.util.List.of(new dev.weft.pg.PgHost("127.0.0.1", 1), new dev.weft.pg.PgHost(pg.host(), pg.port()));
        assertThat(connectAndAsk(b -> b.hosts(hosts), "trust_user", null)).isEqualTo("trust");
    }

    @Test
    void targetSessionAttrsPicksTheMatchingServer() {
        assertThat(connectAndAsk(b -> b.targetSessionAttrs(TargetSessionAttrs.READ_WRITE), "trust_user", null)).isEqualTo("trust");
        assertThat(connectAndAsk(b -> b.targetSessionAttrs(TargetSessionAttrs.PRIMARY), "trust_user", null)).isEqualTo("trust");
        assertThat(connectAndAsk(b -> b.targetSessionAttrs(TargetSessionAttrs.PREFER_STANDBY), "trust_user", null)).isEqualTo("trust");
        var standby = catchPg(() -> connectAndAsk(b -> b.targetSessionAttrs(TargetSessionAttrs.STANDBY), "trust_user", null));
        assertThat(standby.getMessage()).contains("target_session_attrs=standby").contains("not a standby");
        var readOnly = catchPg(() -> connectAndAsk(b -> b.targetSessionAttrs(TargetSessionAttrs.READ_ONLY), "trust_user", null));
        assertThat(readOnly.getMessage()).contains("read-write");
        assertThat(connectAndAsk(b -> b.targetSessionAttrs(TargetSessionAttrs.READ_ONLY)
                .serverSetting("default_transaction_read_only", "on"), "trust_user", null)).isEqualTo("trust");
    }

    private static PgException catchPg(Runnable r) {
        try {
            r.run();
        } catch (PgException e) {
            return e;
        }
        throw new AssertionError("no PgException");
    }

    private static String stackTraceOf(Throwable t) {
        var out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
