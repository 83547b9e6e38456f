package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.RowStream;
import dev.weft.pg.SslMode;
import dev.weft.pg.error.QueryCanceled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The driver through pgbouncer in transaction pooling mode with {@code statement_cache_size=0}: several
 * client sessions share few server connections, so nothing may depend on a named prepared statement
 * outliving its transaction (asyncpg's most common issue behind pgbouncer).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class PgBouncerTest {
    private static PgBouncer bouncer;
    private final TestDatabase db;

    PgBouncerTest(TestDatabase db) {
        this.db = db;
        try (var conn = Db.connect(db)) {
            conn.execute("CREATE TABLE IF NOT EXISTS item(id int PRIMARY KEY, name text NOT NULL); TRUNCATE item; "
                    + "GRANT ALL ON item TO scram_user");
        }
    }

    @BeforeAll
    static void startBouncer(EmbeddedPostgres server) throws Exception {
        bouncer = PgBouncer.start(server.port(), "scram_user", "scram_pass", 3);
    }

    @AfterAll
    static void stopBouncer() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    private PgConnectOptions.Builder throughBouncer() {
        return PgConnectOptions.builder().host("127.0.0.1", bouncer.port).user("scram_user").password("scram_pass")
                .database(db.name()).sslMode(SslMode.DISABLE).passFile(null).statementCacheSize(0);
    }

    private PgConnection connect() {
        return PgConnection.connect(throughBouncer().build());
    }

    @Test
    void parameterisedQueriesWorkWithUnnamedStatements() {
        try (var conn = connect()) {
            for (int i = 0; i < 50; i++) {
                assertThat(conn.queryValue(Integer.class, "SELECT $1::int + $2", i, 1)).isEqualTo(i + 1);
                assertThat(conn.queryOne("SELECT $1::text AS t, $2::bigint AS n", "x" + i, (long) i).getString("t")).isEqualTo("x" + i);
            }
            assertThat(conn.executeBatch("INSERT INTO item VALUES ($1, $2)", List.of(new Object[]{1, "a"}, new Object[]{2, "b"})))
                    .containsExactly(1L, 1L);
            assertThat(conn.prepare("SELECT name FROM item WHERE id = $1").parameterTypes()).hasSize(1);
        }
    }

    @Test
    void transactionsCommitAndRollBack() {
        try (var conn = connect()) {
            conn.transaction(tx -> {
                tx.execute("INSERT INTO item VALUES ($1, $2)", 10, "kept");
                assertThat(tx.queryValue(String.class, "SELECT name FROM item WHERE id = $1", 10)).isEqualTo("kept");
            });
            assertThatThrownBy(() -> conn.transaction(tx -> {
                tx.execute("INSERT INTO item VALUES ($1, $2)", 11, "dropped");
                throw new IllegalStateException("abort");
            })).hasMessage("abort");
            assertThat(conn.query("SELECT id FROM item WHERE id >= 10").stream().map(r -> r.getInt(0)).toList()).containsExactly(10);
        }
    }

    @Test
    void manyConcurrentSessionsShareThreeServerConnections() throws Exception {
        var failures = new ConcurrentLinkedQueue<Throwable>();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 40; t++) {
            int base = 1000 + t * 100;
            threads.add(Thread.ofVirtual().start(() -> {
                try (var conn = connect()) {
                    for (int i = 0; i < 20; i++) {
                        int id = base + i;
                        conn.transaction(tx -> tx.execute("INSERT INTO item VALUES ($1, $2)", id, "n" + id));
                        assertThat(conn.queryValue(String.class, "SELECT name FROM item WHERE id = $1", id)).isEqualTo("n" + id);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(failures).isEmpty();
        try (var conn = connect()) {
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM item WHERE id >= 1000")).isEqualTo(800);
        }
    }

    @Test
    void pipelinedCallersOnOneSessionEachGetTheirOwnResult() throws Exception {
        try (var conn = connect()) {
            var results = new ConcurrentLinkedQueue<String>();
            var threads = IntStream.range(0, 32).mapToObj(i -> Thread.ofVirtual().start(
                    () -> results.add(i + "=" + conn.queryValue(Integer.class, "SELECT $1::int * 2", i)))).toList();
            for (Thread thread : threads) {
                assertThat(thread.join(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(results).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 32).mapToObj(i -> i + "=" + i * 2).toList());
        }
    }

    @Test
    void streamsAndCopiesRunInsideOneServerTransaction() {
        try (var conn = connect()) {
            long copied = conn.copyIn("item", List.of("id", "name"),
                    IntStream.range(5000, 6000).<Object>mapToObj(i -> new Object[]{i, "c" + i}).iterator());
            long sum = 0;
            try (RowStream rows = conn.stream("SELECT id FROM item WHERE id >= $1 ORDER BY id", 100, 5000)) {
                while (rows.hasNext()) {
                    sum += rows.next().getInt(0);
                }
            }
            assertThat(copied).isEqualTo(1000);
            assertThat(sum).isEqualTo(IntStream.range(5000, 6000).asLongStream().sum());
        }
    }

    @Test
    void aTimeoutCancelsThroughTheBouncerAndTheSessionStaysUsable() {
        try (var conn = connect()) {
            assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(200)).execute("SELECT pg_sleep(30)"))
                    .isInstanceOf(QueryCanceled.class);
            assertThat(conn.queryValue(Integer.class, "SELECT $1::int", 7)).isEqualTo(7);
        }
    }
}
