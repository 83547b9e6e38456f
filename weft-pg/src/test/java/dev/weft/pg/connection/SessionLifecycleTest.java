package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgProtocolException;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.QueryCanceled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedPostgresExtension.class)
class SessionLifecycleTest {
    private final TestDatabase db;

    SessionLifecycleTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void afterCloseNoThreadTheConnectionStartedIsAlive() throws Exception {
        var conn = Db.connect(db);
        var session = ((RealPgConnection) conn).session;
        var listenerThread = new CompletableFuture<Thread>();
        conn.onNotification(notification -> listenerThread.complete(Thread.currentThread()));
        conn.execute("LISTEN lifecycle");
        try (var other = Db.connect(db)) {
            other.execute("NOTIFY lifecycle");
        }
        Thread watcher = listenerThread.get(10, TimeUnit.SECONDS); // nobody queries: the idle watcher read it
        assertThat(watcher.getName()).startsWith("weft-pg-reader-");
        // A timeout sends a CancelRequest over a side connection, on a thread of its own.
        assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(50)).query("SELECT pg_sleep(5)")).isInstanceOf(QueryCanceled.class);
        conn.close();
        assertThat(session.activeTasks()).isZero();
        assertThat(watcher.isAlive()).isFalse();
    }

    @Test
    void resetCleansTheSessionButKeepsPreparedStatements() {
        try (var conn = Db.connect(db)) {
            assertThat(conn.queryValue(Integer.class, "SELECT $1::int", 1)).isEqualTo(1);
            conn.execute("SET search_path = nowhere; CREATE TEMP TABLE scratch(a int); LISTEN somewhere; BEGIN");
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IN_TRANSACTION);
            conn.reset();
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(conn.queryValue(String.class, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM pg_listening_channels()")).isZero();
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM pg_class WHERE relname = 'scratch'")).isZero();
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM pg_prepared_statements")).isPositive();
            assertThat(conn.ping()).isTrue();
        }
    }

    @Test
    void closeEndsTheBackend() throws InterruptedException {
        int pid;
        try (var conn = Db.connect(db)) {
            pid = conn.processId();
            assertThat(conn.isUsable()).isTrue();
            conn.close();
            assertThat(conn.isUsable()).isFalse();
            assertThat(conn.ping()).isFalse();
            assertThatThrownBy(() -> conn.query("SELECT 1")).hasMessageContaining("closed");
        }
        try (var admin = Db.connect(db)) {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long left;
            do {
                left = admin.queryValue(Long.class, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid);
                Thread.sleep(left == 0 ? 0 : 20);
            } while (left > 0 && System.nanoTime() < until);
            assertThat(left).as("backend of the closed connection is gone").isZero();
        }
    }

    @Test
    void copyThroughExecuteIsRefusedClearly() {
        try (var conn = Db.connect(db)) {
            conn.execute("CREATE TEMP TABLE c(a int)");
            assertThatThrownBy(() -> conn.execute("COPY c FROM STDIN")).isInstanceOf(PgProtocolException.class)
                    .hasMessageContaining("COPY");
            assertThat(conn.isUsable()).isFalse();
        }
    }

    @Test
    void applicationNameAndServerSettingsReachTheServer() {
        try (PgConnection conn = Db.connect(db, b -> b.applicationName("weft-test").serverSetting("search_path", "pg_catalog")
                .options("-c statement_timeout=12345"))) {
            assertThat(conn.queryValue(String.class, "SHOW application_name")).isEqualTo("weft-test");
            assertThat(conn.queryValue(String.class, "SHOW search_path")).isEqualTo("pg_catalog");
            assertThat(conn.queryValue(String.class, "SHOW statement_timeout")).isEqualTo("12345ms");
        }
    }
}
