package dev.weft.embeddedpg;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pg_hba.conf lines, quoting and user validation: the parts that decide who gets in. */
class ServerFilesTest {

    @Test
    void hbaTrustsTheSuperuserFirstThenOneLinePerUserAndAddress() {
        String hba = ServerFiles.hba(List.of(
                new PgUser("app", "pw", AuthMethod.SCRAM_SHA_256, false),
                new PgUser("all", "pw", AuthMethod.MD5, true)), false);
        assertThat(hba.lines().filter(l -> !l.startsWith("#"))).containsExactly(
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host all \"app\" 127.0.0.1/32 scram-sha-256",
                "host all \"app\" ::1/128 scram-sha-256",
                "hostssl all \"all\" 127.0.0.1/32 md5",
                "hostssl all \"all\" ::1/128 md5");
    }

    @Test
    void hbaAddsLocalLinesForTheSocketExceptForTlsOnlyUsers() {
        String hba = ServerFiles.hba(List.of(
                new PgUser("plain", null, AuthMethod.TRUST, false),
                new PgUser("certy", null, AuthMethod.CERT, false)), true);
        assertThat(hba).contains("local all postgres trust\n", "local all \"plain\" trust\n")
                .doesNotContain("local all \"certy\"")
                .contains("hostssl all \"certy\" 127.0.0.1/32 cert\n");
    }

    @Test
    void usersAreValidatedWithTheBadValueInTheMessage() {
        assertThatThrownBy(() -> new PgUser("x", null, AuthMethod.SCRAM_SHA_256, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x with scram-sha-256 needs a password");
        assertThatThrownBy(() -> new PgUser("a\"b", "pw", AuthMethod.MD5, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a\"b");
        assertThatThrownBy(() -> new PgUser("x".repeat(64), "pw", AuthMethod.MD5, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> new PgUser("postgres", null, AuthMethod.TRUST, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("superuser");
        assertThat(new PgUser("c", null, AuthMethod.CERT, false).tlsOnly()).isTrue();
        assertThat(new PgUser("s", "hidden", AuthMethod.MD5, false).toString()).doesNotContain("hidden");
    }

    @Test
    void builderRejectsBadSettingsAndDuplicates() {
        var builder = EmbeddedPostgres.builder();
        assertThatThrownBy(() -> builder.setting("work mem", "1MB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("work mem");
        assertThatThrownBy(() -> builder.setting("work_mem", "1MB\nfsync = on"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("work_mem");
        builder.user("u", "p", AuthMethod.MD5);
        assertThatThrownBy(() -> builder.user("u", "q", AuthMethod.TRUST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u");
        assertThatThrownBy(() -> builder.port(70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> EmbeddedPostgres.builder().tls(false)
                .tlsOnlyUser("t", "p", AuthMethod.SCRAM_SHA_256).snapshot())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls(true)");
    }

    @Test
    void sqlQuotingDoublesQuotes() {
        assertThat(Sql.literal("O'Brien")).isEqualTo("'O''Brien'");
        assertThat(Sql.identifier("my \"db\"")).isEqualTo("\"my \"\"db\"\"\"");
        assertThatThrownBy(() -> Sql.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urisPercentEncodeEveryPart() {
        assertThat(ConnectionUris.uri("127.0.0.1", 5432, "us er", "p@ss:/word'", "dbé"))
                .isEqualTo("postgresql://us%20er:p%40ss%3A%2Fword%27@127.0.0.1:5432/db%C3%A9");
        assertThat(ConnectionUris.uri("127.0.0.1", 5432, "u", null, "d")).isEqualTo("postgresql://u@127.0.0.1:5432/d");
    }
}
