package dev.weft.pg.connection;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.error.QueryCanceled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CancelRequest that lands after its target finished hits the next pipelined query; that query's
 * caller asked for nothing and must get its result. Scripted through {@link SlowCancelProxy} (the cancel
 * always lands late) and provoked at random on a direct connection. The postmaster signals a backend
 * and its process group, so one CancelRequest can arrive as two SIGINTs and also hit the re-sent
 * request: the tests count stray hits as "at least one", and check results and rows exactly.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class StrayCancelTest {
    /** How long a held cancel waits for a query behind A: a transaction is not sent until the cancel is done. */
    private static final Duration BEHIND_WAIT = Duration.ofSeconds(2);
    private static final Duration A_TIMEOUT = Duration.ofMillis(100);
    /**
     * How long A runs: far past its timeout, so that the timeout fires (and sends the cancel) while A runs
     * even on a loaded machine; the proxy holds the cancel until A has ended by itself.
     */
    private static final double A_SECONDS = 1.0;
    private static final String SLEEP_AHEAD = "SELECT pg_sleep($1)::text";

    private final EmbeddedPostgres pg;
    private final TestDatabase db;

    StrayCancelTest(EmbeddedPostgres pg, TestDatabase db) {
        this.pg = pg;
        this.db = db;
    }

    @Test
    void aQueryHitByACancelMeantForTheOneAheadIsResentAndGetsItsResult() throws Exception {
        try (var proxy = new SlowCancelProxy(pg.host(), pg.port()); var conn = throughProxy(proxy)) {
            var core = ((RealPgConnection) conn).session;
            conn.queryValue(Integer.class, "SELECT $1::int FROM pg_sleep($2)", 0, 0.0); // prepared before the race
            // A times out at 100 ms and ends by itself at 1 s; its cancel is held until then and lands inside B.
            var a = startQueryAhead(conn, proxy);
            Integer b = conn.queryValue(Integer.class, "SELECT $1::int FROM pg_sleep($2)", 7, 1.0);
            assertThat(b).isEqualTo(7);
            assertThat(a.join()).as("A ended by itself before its cancel landed").isEqualTo("");
            assertThat(core.strayCancels()).as("the cancel did land on B").isPositive();
            assertThat(conn.queryValue(Integer.class, "SELECT 1")).isPositive();
        }
    }

    @Test
    void withoutAStatementCacheTheUnnamedStatementIsResentWhole() throws Exception {
        try (var proxy = new SlowCancelProxy(pg.host(), pg.port());
             var conn = throughProxy(proxy, Db.options(db, "postgres", null).statementCacheSize(0))) {
            var a = startQueryAhead(conn, proxy);
            assertThat(conn.queryValue(Integer.class, "SELECT $1::int FROM pg_sleep($2)", 9, 1.0)).isEqualTo(9);
            assertThat(a.join()).isEqualTo("");
            assertThat(((RealPgConnection) conn).session.strayCancels()).isPositive();
        }
    }

    @Test
    void aResentInsertIsAppliedOnce() throws Exception {
        db.execute("CREATE TABLE stray_rows(n int)");
        try (var proxy = new SlowCancelProxy(pg.host(), pg.port()); var conn = throughProxy(proxy)) {
            var core = ((RealPgConnection) conn).session;
            var a = startQueryAhead(conn, proxy);
            long inserted = conn.execute("INSERT INTO stray_rows SELECT $1 FROM pg_sleep($2)", 42, 1.0);
            assertThat(inserted).isPositive();
            assertThat(a.join()).isEqualTo("");
            assertThat(core.strayCancels()).as("the cancel did land on the INSERT").isPositive();
            assertThat(conn.query("SELECT n FROM stray_rows")).hasSize(1)
                    .allSatisfy(row -> assertThat(row.get(0, Integer.class)).isEqualTo(42));
        }
    }

    @Test
    void aSimpleProtocolStatementHitByAStrayCancelIsResent() throws Exception {
        db.execute("CREATE TABLE stray_simple(n int)");
        try (var proxy = new SlowCancelProxy(pg.host(), pg.port()); var conn = throughProxy(proxy)) {
            var a = startQueryAhead(conn, proxy);
            assertThat(conn.execute("INSERT INTO stray_simple SELECT 5 FROM pg_sleep(1)")).isPositive();
            assertThat(a.join()).isEqualTo("");
            assertThat(((RealPgConnection) conn).session.strayCancels()).isPositive();
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM stray_simple")).isPositive();
        }
    }

    @Test
    void aQueryStringThatAlreadyCompletedACommandIsNotResent() throws Exception {
        db.execute("CREATE TABLE stray_multi(n int)");
        try (var proxy = new SlowCancelProxy(pg.host(), pg.port()); var conn = throughProxy(proxy)) {
            var a = startQueryAhead(conn, proxy);
            // A COMMIT could sit between the statements of a query string, so after a completed command the
            // driver cannot know the string had no effect: the cancellation reaches the caller.
            assertThatThrownBy(() -> conn.execute("INSERT INTO stray_multi VALUES (1); SELECT pg_sleep(1)"))
                    .isInstanceOf(QueryCanceled.class);
            assertThat(a.join()).isEqualTo("");
            assertThat(((RealPgConnection) conn).session.strayCancels()).isPositive();
            assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM stray_multi")).as("rolled back, never applied twice").isZero();
        }
    }

    @Test
    void aBatchHitByAStrayCancelIsResentWhole() throws Exception {
        db.execute("CREATE TABLE stray_batch(n int)");
        try (var proxy = new SlowCancelProxy(pg.host(), pg.port()); var conn = throughProxy(proxy)) {
            var core = ((RealPgConnection) conn).session;
            var a = startQueryAhead(conn, proxy);
            long[] counts = conn.executeBatch("INSERT INTO stray_batch SELECT $1 FROM pg_sleep($2)",
                    List.of(new Object[] {1, 0.0}, new Object[] {2, 0.6}, new Object[] {3, 0.6}));
            assertThat(counts).containsExactly(1, 1, 1);
            assertThat(a.join()).isEqualTo("");
            assertThat(core.strayCancels()).isPositive();
            assertThat(conn.query("SELECT n FROM stray_batch ORDER BY n").stream().map(r -> r.get(0, Integer.class)))
                    .containsExactly(1, 2, 3);
        }
    }

    @Test
    void aTransactionQueuedBehindATimedOutQueryIsNotReachedByItsCancel() throws Exception {
        try (var proxy = new SlowCancelProxy(pg.host(), pg.port()); var conn = throughProxy(proxy)) {
            var a = startQueryAhead(conn, proxy);
            String inside = conn.transactionResult(tx -> tx.queryValue(String.class, "SELECT pg_sleep(0.6)::text"));
            assertThat(inside).isEqualTo("");
            assertThat(a.join()).isEqualTo("");
            assertThat(((RealPgConnection) conn).session.strayCancels()).isZero();
        }
    }

    @Test
    void aStatementTimeoutStillReachesItsCaller() {
        try (var conn = Db.connect(db)) {
            conn.execute("SET statement_timeout = '100ms'");
            assertThatThrownBy(() -> conn.query("SELECT pg_sleep(5)")).isInstanceOf(QueryCanceled.class);
            assertThat(((RealPgConnection) conn).session.strayCancels()).isZero();
            assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void someoneElsesCancelStillReachesTheCaller() throws Exception {
        try (var conn = Db.connect(db); var admin = Db.connect(db)) {
            var error = new AtomicReference<Throwable>();
            Thread victim = Thread.ofVirtual().start(() -> {
                try {
                    conn.query("SELECT pg_sleep(5)");
                } catch (Throwable t) {
                    error.set(t);
                }
            });
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until && admin.queryValue(Long.class,
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep(5)%'", conn.processId()) == 0) {
                Thread.sleep(10);
            }
            assertThat(admin.queryValue(Boolean.class, "SELECT pg_cancel_backend($1)", conn.processId())).isTrue();
            assertThat(victim.join(Duration.ofSeconds(5))).isTrue();
            assertThat(error.get()).isInstanceOf(QueryCanceled.class);
            assertThat(((RealPgConnection) conn).session.strayCancels()).isZero();
        }
    }

    @Test
    void onlyTheTimedOutQueryIsEverCancelledAcrossManyRacingRounds() throws Exception {
        int rounds = 200;
        var wrong = new ConcurrentLinkedQueue<String>();
        int cancelled = 0;
        try (var conn = Db.connect(db)) {
            var core = ((RealPgConnection) conn).session;
            var random = ThreadLocalRandom.current();
            conn.queryValue(Integer.class, "SELECT $1::int FROM pg_sleep($2)", 0, 0.0);
            conn.queryValue(String.class, SLEEP_AHEAD, 0.0);
            for (int round = 0; round < rounds; round++) {
                // A's own end falls around its timeout, so its cancel often lands just after it, on B or C.
                double sleepA = 0.015 + random.nextInt(0, 8) / 1000.0;
                var a = startQueryAhead(conn, Duration.ofMillis(15), sleepA, () -> { });
                var behind = new ArrayList<Thread>();
                for (int q = 1; q <= 2; q++) {
                    int expected = round * 10 + q;
                    double sleep = random.nextInt(1, 6) / 1000.0;
                    behind.add(Thread.ofVirtual().start(() -> {
                        try {
                            Integer got = conn.queryValue(Integer.class, "SELECT $1::int FROM pg_sleep($2)", expected, sleep);
                            if (got == null || got != expected) {
                                wrong.add(expected + " -> " + got);
                            }
                        } catch (Throwable t) {
                            wrong.add(expected + " -> " + t);
                        }
                    }));
                }
                for (Thread t : behind) {
                    assertThat(t.join(Duration.ofSeconds(10))).isTrue();
                }
                try {
                    assertThat(a.join()).isEqualTo("");
                } catch (QueryCanceled expected) {
                    cancelled++;
                }
            }
            System.out.printf("StrayCancelTest: %d rounds, %d timed-out queries cancelled, %d stray cancels hit a query behind and were re-sent%n",
                    rounds, cancelled, core.strayCancels());
            assertThat(wrong).isEmpty();
            assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        }
    }

    private PgConnection throughProxy(SlowCancelProxy proxy) {
        return throughProxy(proxy, Db.options(db, "postgres", null));
    }

    private static PgConnection throughProxy(SlowCancelProxy proxy, PgConnectOptions.Builder options) {
        var conn = PgConnection.connect(options.host("127.0.0.1", proxy.port()).build());
        conn.queryValue(String.class, SLEEP_AHEAD, 0.0); // prepared now, so A's only request is its Execute
        return conn;
    }

    /**
     * Starts A through {@code proxy}: it times out at 100 ms and ends by itself at 1 s. Its cancel is held
     * until A has ended and the session's backend sleeps in a query other than A, so that the cancel
     * lands inside that query's {@code pg_sleep} (after any command before it in the same string); when
     * no such query comes within {@link #BEHIND_WAIT} (a transaction waits for in-flight cancels), it is
     * let through onto the idle session.
     */
    private QueryAhead startQueryAhead(PgConnection conn, SlowCancelProxy proxy) throws InterruptedException {
        var admin = Db.connect(db);
        int pid = conn.processId();
        return startQueryAhead(conn, A_TIMEOUT, A_SECONDS, () -> {
            try (admin) {
                long until = System.nanoTime() + BEHIND_WAIT.toNanos();
                while (System.nanoTime() < until && admin.queryValue(Long.class, "SELECT count(*) FROM pg_stat_activity"
                        + " WHERE pid = $1 AND wait_event = 'PgSleep' AND query <> $2", pid, SLEEP_AHEAD) == 0) {
                    LockSupport.parkNanos(2_000_000);
                }
            } finally {
                proxy.releaseCancels();
            }
        });
    }

    /**
     * Starts {@link #SLEEP_AHEAD} of {@code seconds} on its own thread, with {@code timeout}, and returns once
     * it is in flight; {@code afterwards} runs on that thread once A has ended.
     */
    private static QueryAhead startQueryAhead(PgConnection conn, Duration timeout, double seconds, Runnable afterwards)
            throws InterruptedException {
        var ahead = new QueryAhead(conn.withTimeout(timeout), seconds, afterwards);
        var core = ((RealPgConnection) conn).session;
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (core.inFlight() == 0 && ahead.thread.isAlive() && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        return ahead;
    }

    /** Query A: the one that times out, run on its own thread. */
    private static final class QueryAhead {
        private final AtomicReference<Object> outcome = new AtomicReference<>();
        private final Thread thread;

        QueryAhead(PgConnection conn, double seconds, Runnable afterwards) {
            thread = Thread.ofVirtual().start(() -> {
                try {
                    outcome.set(conn.queryValue(String.class, SLEEP_AHEAD, seconds));
                } catch (Throwable t) {
                    outcome.set(t);
                }
                afterwards.run();
            });
        }

        /** A's result; rethrows what A threw. */
        String join() throws InterruptedException {
            assertThat(thread.join(Duration.ofSeconds(10))).as("A ended").isTrue();
            if (outcome.get() instanceof RuntimeException e) {
                throw e;
            }
            return (String) outcome.get();
        }
    }
}
