package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several hosts with libpq's semantics: the shared server is read-write, a second server started here
 * defaults to read-only transactions, and a port with nothing listening plays a dead host.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class MultiHostTest {
    private static EmbeddedPostgres readOnly;
    private static int readWritePort;
    private static int deadPort;
    /** Holds {@link #deadPort}: bound but not listening, so connecting is refused and nobody else takes the port. */
    private static Socket deadPortHolder;

    @BeforeAll
    static void startServers(EmbeddedPostgres shared) throws IOException {
        readWritePort = shared.port();
        readOnly = EmbeddedPostgres.builder().setting("default_transaction_read_only", "on").start();
        deadPortHolder = new Socket();
        deadPortHolder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        deadPort = deadPortHolder.getLocalPort();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (deadPortHolder != null) {
            deadPortHolder.close();
        }
        if (readOnly != null) {
            readOnly.close();
        }
    }

    private static PgConnection connect(String attrs, int... ports) {
        return PgConnection.connect(options(attrs, ports));
    }

    private static PgConnectOptions options(String attrs, int... ports) {
        return Db.localHosts("connect_timeout=5 " + attrs, ports).build();
    }

    private static int serverPort(PgConnection conn) {
        return conn.queryValue(Integer.class, "SELECT inet_server_port()");
    }

    @Test
    void readWriteSkipsTheDeadAndTheReadOnlyHost() {
        try (var conn = connect("target_session_attrs=read-write", deadPort, readOnly.port(), readWritePort)) {
            assertThat(serverPort(conn)).isEqualTo(readWritePort);
            assertThat(conn.execute("CREATE TEMP TABLE t(x int)")).isZero();
        }
    }

    @Test
    void readOnlyPicksTheReadOnlyServer() {
        try (var conn = connect("target_session_attrs=read-only", deadPort, readWritePort, readOnly.port())) {
            assertThat(serverPort(conn)).isEqualTo(readOnly.port());
            assertThat(conn.parameter("default_transaction_read_only")).isEqualTo("on");
        }
    }

    @Test
    void anyTakesTheFirstLiveHost() {
        try (var conn = connect("target_session_attrs=any", deadPort, readOnly.port(), readWritePort)) {
            assertThat(serverPort(conn)).isEqualTo(readOnly.port());
        }
    }

    @Test
    void primaryAcceptsAReadOnlyServerThatIsNotInRecovery() {
        try (var conn = connect("target_session_attrs=primary", deadPort, readOnly.port(), readWritePort)) {
            assertThat(serverPort(conn)).isEqualTo(readOnly.port());
        }
    }

    @Test
    void standbyFailsWhenNoServerIsInRecoveryAndSaysWhy() {
        assertThatThrownBy(() -> connect("target_session_attrs=standby", deadPort, readOnly.port(), readWritePort))
                .isInstanceOf(PgException.class)
                .hasMessageContaining("does not match target_session_attrs=standby")
                .satisfies(e -> assertThat(((PgException) e).sqlState()).isEqualTo("08001"))
                .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());
    }

    @Test
    void preferStandbyFallsBackToAnyServerInOrder() {
        try (var conn = connect("target_session_attrs=prefer-standby", deadPort, readWritePort, readOnly.port())) {
            assertThat(serverPort(conn)).isEqualTo(readWritePort);
        }
    }

    @Test
    void everyHostDeadIsAConnectionError() {
        assertThatThrownBy(() -> connect("", deadPort, deadPort)).isInstanceOf(PgException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + deadPort);
    }

    @Test
    void loadBalanceHostsRandomSpreadsConnectionsOverTheHosts() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 40 && seen.size() < 2; i++) {
            try (var conn = connect("load_balance_hosts=random", readWritePort, readOnly.port())) {
                seen.add(serverPort(conn));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(readWritePort, readOnly.port());
    }

    @Test
    void withoutLoadBalancingTheOrderIsKept() {
        for (int i = 0; i < 10; i++) {
            try (var conn = connect("", readWritePort, readOnly.port())) {
                assertThat(serverPort(conn)).isEqualTo(readWritePort);
            }
        }
    }

    @Test
    void loadBalancingStillHonoursTargetSessionAttrs() {
        for (int i = 0; i < 10; i++) {
            try (var conn = connect("load_balance_hosts=random target_session_attrs=read-write", deadPort, readOnly.port(), readWritePort)) {
                assertThat(serverPort(conn)).isEqualTo(readWritePort);
            }
        }
    }
}
