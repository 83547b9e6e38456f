package dev.weft.pg.pool;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.core.TaskGroup;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgPoolSizingTest extends PoolTest {
    PgPoolSizingTest(TestDatabase db) {
        super(db);
    }

    @Test
    void keepsMinSizeAfterIdleExpiry() throws InterruptedException {
        try (var pool = Pools.open(db, "pool_min", cfg -> cfg.minSize(2).maxSize(5)
                .maxIdleTime(Duration.ofMillis(200)).maintenanceInterval(Duration.ofMillis(50)))) {
            assertThat(pool.statistics().size()).isEqualTo(2);
            var leases = new ArrayList<PgConnection>();
            for (int i = 0; i < 5; i++) {
                leases.add(pool.acquire());
            }
            assertThat(pool.statistics().size()).isEqualTo(5);
            leases.forEach(PgConnection::close);

            assertThat(Pools.eventually(Duration.ofSeconds(5), () -> pool.statistics().size() == 2)).isTrue();
            Thread.sleep(600); // three more idle periods: the minimum is not expired away
            assertThat(pool.statistics().size()).isEqualTo(2);
            assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, "pool_min") == 2)).isTrue();
            assertThat(pool.queryValue(Integer.class, "SELECT 41 + 1")).isEqualTo(42);
        }
    }

    @Test
    void maxSizeIsEnforcedAndWaitersAreServedInArrivalOrder() throws InterruptedException {
        try (var pool = Pools.open(db, "pool_fifo", cfg -> cfg.minSize(0).maxSize(2))) {
            PgConnection first = pool.acquire();
            PgConnection second = pool.acquire();
            var order = new ConcurrentLinkedQueue<Integer>();
            var threads = new ArrayList<Thread>();
            for (int i = 1; i <= 5; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> pool.withConnection(c -> {
                    order.add(n);
                    return c.queryValue(Integer.class, "SELECT 1");
                })));
                assertThat(Pools.eventually(Duration.ofSeconds(5), () -> pool.statistics().waiting() == n)).isTrue();
            }
            assertThat(pool.statistics().size()).isEqualTo(2);
            assertThat(Pools.backends(db, "pool_fifo")).isEqualTo(2);
            first.close();
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(order).containsExactly(1, 2, 3, 4, 5);
            assertThat(pool.statistics().size()).isEqualTo(2);
            second.close();
        }
    }

    @Test
    void acquireTimeoutEndsWithPoolTimeout() {
        try (var pool = Pools.open(db, "pool_timeout", cfg -> cfg.minSize(1).maxSize(1).acquireTimeout(Duration.ofMillis(200)))) {
            try (PgConnection held = pool.acquire()) {
                assertThatThrownBy(() -> pool.queryValue(Integer.class, "SELECT 1"))
                        .isInstanceOf(PoolTimeout.class)
                        .hasMessageContaining("acquireTimeout PT0.2S")
                        .hasMessageContaining("maxSize=1");
                assertThat(held.queryValue(Integer.class, "SELECT 2")).isEqualTo(2);
            }
            PoolStatistics s = pool.statistics();
            assertThat(s.timeouts()).isEqualTo(1);
            assertThat(s.waiting()).isZero();
            assertThat(pool.queryValue(Integer.class, "SELECT 3")).isEqualTo(3);
        }
    }

    @Test
    void coreDeadlineEndsTheWaitWithDeadlineExceeded() {
        try (var pool = Pools.open(db, "pool_deadline", cfg -> cfg.minSize(1).maxSize(1).acquireTimeout(Duration.ofSeconds(30)))) {
            try (PgConnection held = pool.acquire()) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(200), () -> pool.queryValue(Integer.class, "SELECT 1")))
                        .isInstanceOf(DeadlineExceeded.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                assertThat(held.isUsable()).isTrue();
            }
            assertThat(pool.statistics().waiting()).isZero();
            assertThat(pool.statistics().timeouts()).isEqualTo(1);
        }
    }

    @Test
    void cancelledWaiterLeavesTheQueue() {
        try (var pool = Pools.open(db, "pool_cancel", cfg -> cfg.minSize(1).maxSize(1).acquireTimeout(Duration.ofSeconds(30)))) {
            try (PgConnection held = pool.acquire()) {
                long start = System.nanoTime();
                // A failing sibling cancels the task waiting for a connection (weft-core structured concurrency).
                assertThatThrownBy(() -> TaskGroup.run(group -> {
                    group.spawn(() -> pool.queryValue(Integer.class, "SELECT 1"));
                    group.spawn(() -> {
                        Pools.eventually(Duration.ofSeconds(5), () -> pool.statistics().waiting() == 1);
                        throw new IllegalStateException("sibling failed");
                    });
                })).hasMessageContaining("sibling failed");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                assertThat(pool.statistics().waiting()).isZero();
                assertThat(held.queryValue(Integer.class, "SELECT 2")).isEqualTo(2);
            }
            assertThat(pool.queryValue(Integer.class, "SELECT 3")).isEqualTo(3);
            assertThat(pool.statistics().inUse()).isZero();
        }
    }

    @Test
    void fullWaiterQueueIsRefusedAtOnce() {
        try (var pool = Pools.open(db, "pool_waiters", cfg -> cfg.minSize(1).maxSize(1).maxWaiters(0))) {
            try (PgConnection held = pool.acquire()) {
                assertThatThrownBy(pool::acquire).isInstanceOf(PoolTimeout.class).hasMessageContaining("maxWaiters=0");
            }
        }
    }

    @Test
    void connectionIsReplacedAfterItsQueryBudget() {
        try (var pool = Pools.open(db, "pool_budget", cfg -> cfg.minSize(1).maxSize(1).maxQueriesPerConnection(3))) {
            var pids = new ArrayList<Integer>();
            for (int i = 0; i < 7; i++) {
                pids.add(pool.queryValue(Integer.class, "SELECT pg_backend_pid()"));
            }
            assertThat(new HashSet<>(pids)).hasSize(3);
            assertThat(pids.subList(0, 3)).containsOnly(pids.getFirst());
            assertThat(pool.statistics().closed()).isEqualTo(2);
        }
    }

    @Test
    void connectionIsReplacedAfterItsLifetime() throws InterruptedException {
        try (var pool = Pools.open(db, "pool_lifetime", cfg -> cfg.minSize(1).maxSize(1)
                .maxLifetime(Duration.ofMillis(300)).maintenanceInterval(Duration.ofMinutes(1)))) {
            // No maintenance pass runs during the test: the acquire itself must refuse the old connection.
            int before = pool.queryValue(Integer.class, "SELECT pg_backend_pid()");
            Thread.sleep(500);
            int after = pool.queryValue(Integer.class, "SELECT pg_backend_pid()");
            assertThat(after).isNotEqualTo(before);
            assertThat(pool.statistics().size()).isEqualTo(1);
        }
    }

    @Test
    void statisticsAddUp() {
        try (var pool = Pools.open(db, "pool_stats", cfg -> cfg.minSize(1).maxSize(4))) {
            List<PgConnection> leases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                leases.add(pool.acquire());
            }
            PoolStatistics busy = pool.statistics();
            assertThat(busy.size()).isEqualTo(3);
            assertThat(busy.inUse()).isEqualTo(3);
            assertThat(busy.idle()).isZero();
            assertThat(busy.totalAcquired()).isEqualTo(3);
            leases.forEach(PgConnection::close);
            pool.execute("SELECT 1");
            PoolStatistics quiet = pool.statistics();
            assertThat(quiet.size()).isEqualTo(quiet.idle() + quiet.inUse()).isEqualTo(3);
            assertThat(quiet.inUse()).isZero();
            assertThat(quiet.totalAcquired()).isEqualTo(4);
            assertThat(quiet.created() - quiet.closed()).isEqualTo(quiet.size());
            assertThat(quiet.timeouts()).isZero();
        }
    }

    @Test
    void configurationRejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> Pools.open(db, "pool_bad", cfg -> cfg.maxSize(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxSize < 1: 0");
        assertThatThrownBy(() -> Pools.open(db, "pool_bad", cfg -> cfg.minSize(5).maxSize(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("minSize must be in 0..2: 5");
        assertThatThrownBy(() -> Pools.open(db, "pool_bad", cfg -> cfg.acquireTimeout(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("acquireTimeout must be positive: PT0S");
    }
}
