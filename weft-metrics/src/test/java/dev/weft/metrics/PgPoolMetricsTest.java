package dev.weft.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.pool.PgPool;
import dev.weft.pg.pool.PoolTimeout;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pool's meters on a real PostgreSQL, read back through the Prometheus text format. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PgPoolMetricsTest {
    @Test
    void reportsConnectionsByStateWaitersAndLifetimeCounters(TestDatabase database) throws Exception {
        try (WeftMetrics metrics = WeftMetrics.create(MetricsConfig.defaults().withJvmMetrics(false));
             PgPool pool = PgPool.open(database.uri("scram_user", "scram_pass"),
                     cfg -> cfg.minSize(0).maxSize(2).maxWaiters(1).acquireTimeout(Duration.ofSeconds(60)))) {
            metrics.bind(new PgPoolMetrics(pool, "main"));
            assertThat(pool.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);

            Thread waiter;
            try (PgConnection held = pool.acquire(); PgConnection second = pool.acquire()) {
                assertThat(held.queryValue(Integer.class, "SELECT 2")).isEqualTo(2);
                assertThat(second).isNotSameAs(held);
                waiter = Thread.ofVirtual().start(() -> pool.acquire().close());
                awaitWaiters(pool, 1);
                // The one waiter's place is taken: the next caller is turned away at once.
                assertThatThrownBy(pool::acquire).isInstanceOf(PoolTimeout.class);

                Scrape busy = Scrape.parse(metrics.scrape());
                assertThat(busy.value("weft_pg_pool_connections", "pool", "main", "state", "in_use")).isEqualTo(2);
                assertThat(busy.value("weft_pg_pool_connections", "pool", "main", "state", "idle")).isZero();
                assertThat(busy.value("weft_pg_pool_max_connections", "pool", "main")).isEqualTo(2);
                assertThat(busy.value("weft_pg_pool_waiting", "pool", "main")).isEqualTo(1);
                assertThat(busy.value("weft_pg_pool_timeouts_total", "pool", "main")).isEqualTo(1);
                assertThat(busy.typeOf("weft_pg_pool_timeouts_total")).isEqualTo("counter");
            }
            assertThat(waiter.join(Duration.ofSeconds(30))).as("the waiter got a connection").isTrue();

            Scrape idle = Scrape.parse(metrics.scrape());
            assertThat(idle.value("weft_pg_pool_connections", "pool", "main", "state", "in_use")).isZero();
            assertThat(idle.value("weft_pg_pool_connections", "pool", "main", "state", "idle")).isEqualTo(2);
            assertThat(idle.value("weft_pg_pool_waiting", "pool", "main")).isZero();
            assertThat(idle.value("weft_pg_pool_acquired_total", "pool", "main")).isEqualTo(4);
            assertThat(idle.value("weft_pg_pool_connections_opened_total", "pool", "main")).isEqualTo(2);
            assertThat(idle.value("weft_pg_pool_connections_closed_total", "pool", "main")).isZero();
            assertThat(idle.find("jvm_memory_used_bytes")).as("JVM metrics were turned off").isEmpty();
        }
    }

    /** Waits until {@code count} callers wait for a connection; the pool has no event for it, so a bounded poll. */
    private static void awaitWaiters(PgPool pool, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pool.statistics().waiting() < count) {
            assertThat(System.nanoTime()).as("waiting callers by the deadline").isLessThan(deadline);
            Thread.yield();
        }
    }

    @Test
    void rejectsABlankPoolName(TestDatabase database) {
        try (PgPool pool = PgPool.open(database.uri("scram_user", "scram_pass"))) {
            assertThatThrownBy(() -> new PgPoolMetrics(pool, " "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        }
    }
}
