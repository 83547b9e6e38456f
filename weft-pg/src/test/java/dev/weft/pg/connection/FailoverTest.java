package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover with a real streaming replica: a writer connected with {@code target_session_attrs=read-write}
 * to "primary, standby" keeps inserting; the primary is stopped and the standby promoted; the writer
 * reconnects to the promoted server within a bounded time and no acknowledged write is missing there.
 * Commits wait for the standby ({@code synchronous_standby_names}), so an acknowledged write is on it.
 */
class FailoverTest {

    @Test
    void writesMoveToThePromotedStandbyAndNoAcknowledgedWriteIsLost() throws Exception {
        var primary = EmbeddedPostgres.builder().setting("wal_level", "replica").setting("max_wal_senders", "4")
                .setting("max_replication_slots", "4").start();
        try (primary) {
            PgConnectOptions direct = options(primary.port());
            try (var admin = PgConnection.connect(direct); var replica = StreamingReplica.cloneOf(primary, admin)) {
                admin.execute("CREATE TABLE ledger(id bigint PRIMARY KEY)");
                admin.execute("ALTER SYSTEM SET synchronous_standby_names = 'weft_replica'");
                admin.execute("SELECT pg_reload_conf()");
                awaitStreaming(admin);

                var acknowledged = ConcurrentHashMap.<Long>newKeySet();
                var afterFailover = new AtomicLong();
                var failedOver = new AtomicBoolean();
                var stop = new AtomicBoolean();
                PgConnectOptions both = options(primary.port(), replica.port);
                Thread writer = Thread.ofVirtual().start(() -> write(both, acknowledged, failedOver, afterFailover, stop));

                awaitAtLeast(() -> acknowledged.size(), 200, Duration.ofSeconds(30));
                primary.close();
                try (var standby = PgConnection.connect(options(replica.port))) {
                    assertThat(standby.queryValue(Boolean.class, "SELECT pg_is_in_recovery()")).isTrue();
                    standby.execute("SELECT pg_promote(true, 30)");
                    failedOver.set(true);
                    // Bounded recovery: the writer is back within 30 s and writes 100 more rows.
                    awaitAtLeast(afterFailover::get, 100, Duration.ofSeconds(30));
                    stop.set(true);
                    assertThat(writer.join(Duration.ofSeconds(15))).isTrue();

                    Set<Long> stored = Set.copyOf(standby.query("SELECT id FROM ledger").stream().map(r -> r.getLong(0)).toList());
                    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
                    assertThat(stored).containsAll(acknowledged);
                    assertThat(standby.queryValue(Boolean.class, "SELECT pg_is_in_recovery()")).isFalse();
                }
            }
        }
    }

    private static PgConnectOptions options(int... ports) {
        return Db.localHosts("connect_timeout=2 target_session_attrs=" + (ports.length > 1 ? "read-write" : "any"), ports)
                .commandTimeout(Duration.ofSeconds(10)).build();
    }

    // Inserts ids in order; an id whose outcome is unknown (the connection broke) is never reused.
    private static void write(PgConnectOptions options, Set<Long> acknowledged, AtomicBoolean failedOver, AtomicLong afterFailover,
                              AtomicBoolean stop) {
        long next = 1;
        PgConnection conn = null;
        while (!stop.get()) {
            try {
                if (conn == null || !conn.isUsable()) {
                    if (conn != null) {
                        conn.close();
                    }
                    conn = PgConnection.connect(options);
                }
                long id = next++;
                conn.execute("INSERT INTO ledger VALUES ($1)", id);
                acknowledged.add(id);
                if (failedOver.get()) {
                    afterFailover.incrementAndGet();
                }
            } catch (RuntimeException e) {
                if (conn != null) {
                    conn.close();
                    conn = null;
                }
                sleep(100);
            }
        }
        if (conn != null) {
            conn.close();
        }
    }

    private static void awaitStreaming(PgConnection primary) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"streaming".equals(primary.queryValue(String.class,
                "SELECT coalesce((SELECT state FROM pg_stat_replication WHERE application_name = 'weft_replica'), 'none')"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the standby did not start streaming within 30 s");
            }
            sleep(100);
        }
    }

    private static void awaitAtLeast(java.util.function.LongSupplier value, long wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (value.getAsLong() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("reached " + value.getAsLong() + " of " + wanted + " within " + within);
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
