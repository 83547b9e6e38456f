package dev.weft.pg;

import dev.weft.pg.error.IntegrityConstraintViolation;
import dev.weft.pg.error.QueryCanceled;
import dev.weft.pg.error.SqlStates;
import dev.weft.pg.error.UniqueViolation;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectOptionsTest {

    @Test
    void parsesUriWithEveryPart() {
        var o = ConnectionStrings.parse("postgresql://app:s%40cret@db1:6432,db2,[::1]:7000/shop?sslmode=verify-full"
                + "&sslrootcert=/ca.pem&application_name=weft&connect_timeout=2.5&statement_cache_size=0"
                + "&max_pipeline=8&target_session_attrs=read-write&search_path=s1", Map.of());
        assertThat(o.hosts()).containsExactly(new PgHost("db1", 6432), new PgHost("db2", 5432), new PgHost("::1", 7000));
        assertThat(o.user()).isEqualTo("app");
        assertThat(o.password()).isEqualTo("s@cret");
        assertThat(o.database()).isEqualTo("shop");
        assertThat(o.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(o.sslRootCert()).isEqualTo(Path.of("/ca.pem"));
        assertThat(o.applicationName()).isEqualTo("weft");
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(o.statementCacheSize()).isZero();
        assertThat(o.maxPipeline()).isEqualTo(8);
        assertThat(o.targetSessionAttrs()).isEqualTo(TargetSessionAttrs.READ_WRITE);
        assertThat(o.serverSettings()).containsEntry("search_path", "s1");
    }

    @Test
    void parsesKeywordStringWithQuotesAndHostList() {
        var o = ConnectionStrings.parse("host=a,b port=5433,5434 user=bob password=pw dbname = 'my db' "
                + "options='-c statement_timeout=5s' sslnegotiation=direct sslmode=require", Map.of());
        assertThat(o.hosts()).containsExactly(new PgHost("a", 5433), new PgHost("b", 5434));
        assertThat(o.database()).isEqualTo("my db");
        assertThat(o.options()).isEqualTo("-c statement_timeout=5s");
        assertThat(o.directTls()).isTrue();
        var escaped = ConnectionStrings.parse("user=bob password='it\\'s'", Map.of());
        assertThat(escaped.password()).isEqualTo("it's");
    }

    @Test
    void environmentFillsGapsAndDefaultsFollowLibpq() {
        var env = Map.of("PGHOST", "envhost", "PGPORT", "6000", "PGUSER", "envuser", "PGPASSWORD", "envpw",
                "PGSSLMODE", "disable", "PGAPPNAME", "fromenv");
        var o = ConnectionStrings.parse("dbname=x", env);
        assertThat(o.hosts()).containsExactly(new PgHost("envhost", 6000));
        assertThat(o.user()).isEqualTo("envuser");
        assertThat(o.password()).isEqualTo("envpw");
        assertThat(o.sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(o.applicationName()).isEqualTo("fromenv");
        var uriWins = ConnectionStrings.parse("postgres://u@h/d", env);
        assertThat(uriWins.hosts()).containsExactly(new PgHost("h", 6000));
        assertThat(uriWins.user()).isEqualTo("u");

        var defaults = ConnectionStrings.parse("user=bob", Map.of());
        assertThat(defaults.hosts()).containsExactly(new PgHost("localhost", 5432));
        assertThat(defaults.database()).isEqualTo("bob");
        assertThat(defaults.sslMode()).isEqualTo(SslMode.PREFER);
        assertThat(defaults.statementCacheSize()).isEqualTo(100);
    }

    @Test
    void passwordNeverShowsInTextOrErrors() {
        var o = ConnectionStrings.parse("postgresql://app:TopSecret42@h/d", Map.of());
        assertThat(o.toString()).doesNotContain("TopSecret42").contains("password=***");
        assertThatThrownBy(() -> ConnectionStrings.parse("postgresql://app@h/d?password", Map.of()))
                .hasMessageNotContaining("TopSecret42");
        assertThatThrownBy(() -> ConnectionStrings.parse("postgresql://app:Top%zzSecret42@h/d", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Secret42").hasMessageNotContaining("zz");
        assertThatThrownBy(() -> ConnectionStrings.parse("user=a password=TopSecret42 port=notanumber", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("TopSecret42");
    }

    @Test
    void badValuesGetClearErrors() {
        assertThatThrownBy(() -> ConnectionStrings.parse("sslmode=sometimes user=a", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid sslmode: sometimes");
        assertThatThrownBy(() -> ConnectionStrings.parse("host=a,b port=1,2,3 user=a", Map.of()))
                .hasMessageContaining("2 hosts but 3 ports");
        assertThatThrownBy(() -> ConnectionStrings.parse("user", Map.of())).hasMessageContaining("missing \"=\"");
        assertThatThrownBy(() -> ConnectionStrings.parse("user=a password='it''s'", Map.of()))
                .hasMessageContaining("position 20").hasMessageNotContaining("s'");
        assertThatThrownBy(() -> ConnectionStrings.parse("user='open", Map.of())).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> PgConnectOptions.builder().maxPipeline(0).build()).hasMessageContaining("max_pipeline < 1: 0");
        assertThatThrownBy(() -> PgConnectOptions.builder().host("h", 70000)).hasMessageContaining("70000");
    }

    @Test
    void libpqOptionsWithoutAServerMeaningAreHandledNotForwarded() {
        var o = ConnectionStrings.parse("user=a channel_binding=require keepalives=1 fallback_application_name=fb "
                + "client_encoding=UTF8 load_balance_hosts=disable", Map.of());
        assertThat(o.channelBinding()).isEqualTo(ChannelBinding.REQUIRE);
        assertThat(o.applicationName()).isEqualTo("fb");
        assertThat(o.serverSettings()).isEmpty();
        assertThatThrownBy(() -> ConnectionStrings.parse("user=a client_encoding=LATIN1", Map.of())).hasMessageContaining("UTF8");
        assertThatThrownBy(() -> ConnectionStrings.parse("user=a hostaddr=1.2.3.4", Map.of())).hasMessageContaining("hostaddr is not supported");
        assertThat(o.loadBalanceHosts()).isFalse();
        assertThat(ConnectionStrings.parse("user=a load_balance_hosts=random", Map.of()).loadBalanceHosts()).isTrue();
        assertThat(ConnectionStrings.parse("user=a", Map.of("PGLOADBALANCEHOSTS", "random")).loadBalanceHosts()).isTrue();
        assertThatThrownBy(() -> ConnectionStrings.parse("user=a load_balance_hosts=roundrobin", Map.of()))
                .hasMessageContaining("invalid load_balance_hosts: roundrobin");
    }

    @Test
    void sqlStatesMapToGeneratedClasses() {
        PgException unique = PgException.of(new ServerMessage(Map.of('C', "23505", 'M', "dup", 'n', "users_pkey", 'S', "ERROR")));
        assertThat(unique).isInstanceOf(UniqueViolation.class).isInstanceOf(IntegrityConstraintViolation.class);
        assertThat(unique.fields().constraint()).isEqualTo("users_pkey");
        assertThat(unique.getMessage()).isEqualTo("ERROR 23505: dup");
        assertThat(SqlStates.create(ServerMessage.client("23999", "new code"))).isExactlyInstanceOf(IntegrityConstraintViolation.class);
        assertThat(PgException.of(ServerMessage.client("57014", "c"))).isInstanceOf(QueryCanceled.class);
        assertThat(PgException.of(ServerMessage.client("ZZ123", "unknown"))).isExactlyInstanceOf(PgException.class);
        assertThat(List.of(UniqueViolation.SQLSTATE, QueryCanceled.SQLSTATE)).containsExactly("23505", "57014");
    }
}
