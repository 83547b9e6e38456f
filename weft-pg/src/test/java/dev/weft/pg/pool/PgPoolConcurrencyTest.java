package dev.weft.pg.pool;

import dev.weft.embeddedpg.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PgPoolConcurrencyTest extends PoolTest {
    private static final int THREADS = 200;
    private static final int QUERIES = 25;

    PgPoolConcurrencyTest(TestDatabase db) {
        super(db);
    }

    @ParameterizedTest
    @EnumSource(Sharing.class)
    void twoHundredVirtualThreadsThroughTenConnectionsEachGetTheirOwnResult(Sharing sharing) throws InterruptedException {
        String app = "conc_" + sharing.name().toLowerCase();
        db.execute("CREATE TABLE counter_" + app + " (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter_" + app + " VALUES (1, 0)");
        try (var pool = Pools.open(db, app, cfg -> cfg.minSize(2).maxSize(10).sharing(sharing))) {
            var wrong = new ConcurrentLinkedQueue<String>();
            var failures = new ConcurrentLinkedQueue<Throwable>();
            var answered = new AtomicInteger();
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < THREADS; t++) {
                int base = t * 1000;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < QUERIES; i++) {
                            int n = base + i;
                            Integer doubled = pool.queryValue(Integer.class, "SELECT $1::int * 2", n);
                            if (doubled == null || doubled != n * 2) {
                                wrong.add(n + " -> " + doubled);
                            }
                            answered.incrementAndGet();
                        }
                        // Exclusive use in the middle of shared traffic: a read-modify-write that must not lose updates.
                        pool.transaction(tx -> {
                            int n = tx.queryValue(Integer.class, "SELECT n FROM counter_" + app + " WHERE id = 1 FOR UPDATE");
                            tx.execute("UPDATE counter_" + app + " SET n = $1 WHERE id = 1", n + 1);
                        });
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                assertThat(t.join(Duration.ofSeconds(60))).isTrue();
            }
            assertThat(failures).isEmpty();
            assertThat(wrong).isEmpty();
            assertThat(answered.get()).isEqualTo(THREADS * QUERIES);
            assertThat(pool.queryValue(Integer.class, "SELECT n FROM counter_" + app + " WHERE id = 1")).isEqualTo(THREADS);

            PoolStatistics s = pool.statistics();
            assertThat(s.size()).isBetween(2, 10);
            assertThat(s.inUse()).isZero();
            assertThat(s.waiting()).isZero();
            assertThat(s.timeouts()).isZero();
            assertThat(s.totalAcquired()).isEqualTo(THREADS * (QUERIES + 1) + 1);
            assertThat(Pools.backends(db, app)).isEqualTo(s.size());
        }
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, app) == 0)).isTrue();
    }
}
