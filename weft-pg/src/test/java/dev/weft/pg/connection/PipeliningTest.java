package dev.weft.pg.connection;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.error.DivisionByZero;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PipeliningTest extends OneConnectionTest {
    PipeliningTest(TestDatabase db) {
        super(db);
    }

    @Test
    void manyVirtualThreadsOnOneConnectionEachGetTheirOwnResult() throws InterruptedException {
        var wrong = new ConcurrentLinkedQueue<String>();
        var answered = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 64; t++) {
            int base = t * 10_000;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    int n = base + i;
                    Integer doubled = conn.queryValue(Integer.class, "SELECT $1::int * 2", n);
                    if (doubled == null || doubled != n * 2) {
                        wrong.add(n + " -> " + doubled);
                    }
                    answered.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(java.time.Duration.ofSeconds(60))).isTrue();
        }
        assertThat(wrong).isEmpty();
        assertThat(answered.get()).isEqualTo(64 * 200);
        assertThat(conn.processId()).isEqualTo(conn.queryValue(Integer.class, "SELECT pg_backend_pid()"));
    }

    @Test
    void backpressureLimitsRequestsInFlightWithoutLosingAny() throws InterruptedException {
        try (var narrow = Db.connect(db, b -> b.maxPipeline(2))) {
            var core = ((RealPgConnection) narrow).session;
            var maxSeen = new AtomicInteger();
            var sum = new AtomicLong();
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < 16; t++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        sum.addAndGet(narrow.queryValue(Integer.class, "SELECT $1::int", 1));
                        maxSeen.accumulateAndGet(core.inFlight(), Math::max);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(sum.get()).isEqualTo(16 * 50);
            assertThat(maxSeen.get()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void anErrorStaysWithItsCallerWhileOthersSucceed() throws InterruptedException {
        var failures = new AtomicInteger();
        var successes = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 32; t++) {
            int divisor = t % 2;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 20; i++) {
                    try {
                        assertThat(conn.queryValue(Integer.class, "SELECT 10 / $1::int", divisor)).isEqualTo(10);
                        successes.incrementAndGet();
                    } catch (DivisionByZero expected) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(successes.get()).isEqualTo(16 * 20);
        assertThat(failures.get()).isEqualTo(16 * 20);
    }

    @Test
    void batchSendsEveryRowWithOneSyncAndFailsAsAWhole() {
        conn.execute("CREATE TEMP TABLE items(id int PRIMARY KEY)");
        var rows = new ArrayList<Object[]>();
        for (int i = 0; i < 500; i++) {
            rows.add(new Object[]{i});
        }
        assertThat(conn.executeBatch("INSERT INTO items VALUES ($1)", rows)).hasSize(500).containsOnly(1L);
        List<Object[]> clash = List.of(new Object[]{1000}, new Object[]{1});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> conn.executeBatch("INSERT INTO items VALUES ($1)", clash))
                .isInstanceOf(dev.weft.pg.error.UniqueViolation.class);
        assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM items")).isEqualTo(500L);
    }

    @Test
    void aTransactionHasTheConnectionToItselfUntilItEnds() throws InterruptedException {
        conn.execute("CREATE TABLE IF NOT EXISTS ledger(n int)");
        conn.execute("TRUNCATE ledger");
        var inside = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var seenByOther = new AtomicLong(-1);
        Thread tx = Thread.ofVirtual().start(() -> conn.transaction(t -> {
            t.execute("INSERT INTO ledger VALUES ($1)", 1);
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
            t.execute("INSERT INTO ledger VALUES ($1)", 2);
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread other = Thread.ofVirtual().start(() -> seenByOther.set(conn.queryValue(Long.class, "SELECT count(*) FROM ledger")));
        Thread.sleep(200);
        assertThat(other.isAlive()).as("the outside caller waits for the transaction").isTrue();
        release.countDown();
        tx.join();
        other.join();
        assertThat(seenByOther.get()).isEqualTo(2);
    }

    @Test
    void callersWaitingForATransactionNeitherHoldItsSlotsNorItsStatements() throws InterruptedException {
        try (var narrow = Db.connect(db, b -> b.maxPipeline(2))) {
            var inside = new CountDownLatch(1);
            var outsidersStarted = new CountDownLatch(8);
            var sum = new AtomicLong();
            Thread tx = Thread.ofVirtual().start(() -> narrow.transaction(t -> {
                inside.countDown();
                outsidersStarted.await(10, TimeUnit.SECONDS);
                Thread.sleep(100); // let the outsiders reach the connection and wait there
                for (int i = 0; i < 5; i++) {
                    sum.addAndGet(t.queryValue(Integer.class, "SELECT $1::int + 100", i));
                }
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            var outsiders = new ArrayList<Thread>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                outsiders.add(Thread.ofVirtual().start(() -> {
                    outsidersStarted.countDown();
                    sum.addAndGet(narrow.queryValue(Integer.class, "SELECT $1::int + 100", n));
                }));
            }
            assertThat(tx.join(java.time.Duration.ofSeconds(20))).as("the transaction is not starved").isTrue();
            for (Thread t : outsiders) {
                assertThat(t.join(java.time.Duration.ofSeconds(20))).isTrue();
            }
            assertThat(sum.get()).isEqualTo((0 + 1 + 2 + 3 + 4 + 500) + (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 800));
        }
    }
}
