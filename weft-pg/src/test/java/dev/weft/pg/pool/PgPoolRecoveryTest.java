package dev.weft.pg.pool;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.RowStream;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.DivisionByZero;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgPoolRecoveryTest extends PoolTest {
    PgPoolRecoveryTest(TestDatabase db) {
        super(db);
    }

    private static int pid(PgPool pool) {
        return pool.queryValue(Integer.class, "SELECT pg_backend_pid()");
    }

    @Test
    void brokenIdleConnectionIsReplacedNotHandedOut() {
        try (var pool = Pools.open(db, "rec_idle", cfg -> cfg.minSize(1).maxSize(1).maintenanceInterval(Duration.ofMillis(50)))) {
            int before = pid(pool);
            Pools.terminateBackend(db, before);
            assertThat(Pools.eventually(Duration.ofSeconds(5), () -> pool.statistics().closed() == 1 && pool.statistics().size() == 1)).isTrue();
            int after = pid(pool);
            assertThat(after).isNotEqualTo(before);
            assertThat(pool.statistics().created()).isEqualTo(2);
        }
    }

    @Test
    void connectionBrokenWhileBorrowedIsClosedOnRelease() {
        try (var pool = Pools.open(db, "rec_borrowed", cfg -> cfg.minSize(1).maxSize(1))) {
            int before;
            try (PgConnection c = pool.acquire()) {
                before = c.processId();
                Pools.terminateBackend(db, before);
                assertThatThrownBy(() -> c.queryValue(Integer.class, "SELECT 1")).isInstanceOf(PgException.class);
            }
            assertThat(pid(pool)).isNotEqualTo(before);
            assertThat(pool.statistics().closed()).isEqualTo(1);
        }
    }

    @Test
    void transactionLeftOpenIsRolledBackOnRelease() {
        db.execute("CREATE TABLE rec_tx (id int)");
        try (var pool = Pools.open(db, "rec_tx", cfg -> cfg.minSize(1).maxSize(1))) {
            int before;
            try (PgConnection c = pool.acquire()) {
                before = c.processId();
                c.execute("BEGIN");
                c.execute("INSERT INTO rec_tx VALUES ($1)", 1);
                assertThat(c.transactionStatus()).isEqualTo(TransactionStatus.IN_TRANSACTION);
            }
            assertThat(pool.withConnection(PgConnection::transactionStatus)).isEqualTo(TransactionStatus.IDLE);
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM rec_tx")).isZero();

            pool.withConnection(c -> {
                c.execute("BEGIN");
                assertThatThrownBy(() -> c.execute("SELECT 1 / 0")).isInstanceOf(DivisionByZero.class);
                return c.transactionStatus();
            });
            // The convenience calls roll back too (here in exclusive mode).
            pool.execute("BEGIN");
            assertThat(pool.queryValue(Integer.class, "SELECT 5")).isEqualTo(5);
            assertThat(pool.withConnection(PgConnection::transactionStatus)).isEqualTo(TransactionStatus.IDLE);
            assertThat(pid(pool)).isEqualTo(before);
            assertThat(pool.statistics().closed()).isZero();
        }
    }

    @Test
    void sessionStateIsResetOnRelease() {
        try (var pool = Pools.open(db, "rec_reset", cfg -> cfg.minSize(1).maxSize(1))) {
            String original = pool.withConnection(c -> c.queryValue(String.class, "SHOW search_path"));
            pool.withConnection(c -> c.execute("SET search_path = nowhere; LISTEN leftover; SELECT pg_advisory_lock(42)"));
            pool.withConnection(c -> {
                assertThat(c.queryValue(String.class, "SHOW search_path")).isEqualTo(original);
                assertThat(c.queryValue(Long.class, "SELECT count(*) FROM pg_listening_channels()")).isZero();
                assertThat(c.queryValue(Long.class, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")).isZero();
                return null;
            });
        }
    }

    @Test
    void failedResetClosesAndReplacesTheConnection() {
        try (var pool = Pools.open(db, "rec_badreset", cfg -> cfg.minSize(1).maxSize(1).reset(c -> {
            throw new IllegalStateException("reset refuses");
        }))) {
            int first = pool.withConnection(PgConnection::processId);
            int second = pool.withConnection(PgConnection::processId);
            assertThat(second).isNotEqualTo(first);
            assertThat(pool.statistics().closed()).isEqualTo(2);
            assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, "rec_badreset") == 1)).isTrue();
        }
    }

    @Test
    void hooksRunAtTheirPoints() {
        var connects = new AtomicInteger();
        var inits = new AtomicInteger();
        var setups = new AtomicInteger();
        var resets = new AtomicInteger();
        try (var pool = Pools.open(db, "rec_hooks", cfg -> cfg.minSize(1).maxSize(2)
                .connect(options -> {
                    connects.incrementAndGet();
                    return PgConnection.connect(options);
                })
                .init(c -> inits.incrementAndGet())
                .setup(c -> setups.incrementAndGet())
                .reset(c -> {
                    resets.incrementAndGet();
                    c.reset();
                }))) {
            try (PgConnection a = pool.acquire(); PgConnection b = pool.acquire()) {
                assertThat(a.processId()).isNotEqualTo(b.processId());
            }
            pool.withConnection(c -> c.execute("SELECT 1"));
            pool.query("SELECT 1");
            assertThat(connects.get()).isEqualTo(2);
            assertThat(inits.get()).isEqualTo(2);
            assertThat(setups.get()).isEqualTo(4); // every exclusive acquire, convenience calls included
            assertThat(resets.get()).isEqualTo(3); // leases only; the convenience call ran one statement
        }
    }

    @Test
    void leaseRefusesUseAfterRelease() {
        try (var pool = Pools.open(db, "rec_leak", cfg -> cfg.minSize(1).maxSize(1))) {
            PgConnection leaked = pool.withConnection(c -> c);
            assertThatThrownBy(() -> leaked.query("SELECT 1"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("given back to the pool");
            assertThat(leaked.isUsable()).isFalse();
            assertThat(pid(pool)).isPositive();
        }
    }

    @Test
    void cancelledBorrowerStillGetsItsConnectionResetAndReused() {
        try (var pool = Pools.open(db, "rec_cancel", cfg -> cfg.minSize(1).maxSize(1))) {
            int before = pid(pool);
            assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(200),
                    () -> pool.withConnection(c -> c.execute("SELECT pg_sleep(10)"))))
                    .isInstanceOf(DeadlineExceeded.class);
            assertThat(pid(pool)).isEqualTo(before);
            assertThat(pool.statistics().closed()).isZero();
        }
    }

    @Test
    void connectionErrorsReachTheCallerInsteadOfATimeout() {
        String wrong = db.uri("scram_user", "wrong_pass") + "?sslmode=disable";
        assertThatThrownBy(() -> PgPool.open(wrong, cfg -> cfg.minSize(1)))
                .isInstanceOf(PgException.class)
                .satisfies(e -> assertThat(((PgException) e).sqlState()).isEqualTo("28P01"));
        try (var pool = PgPool.open(wrong, cfg -> cfg.minSize(0).acquireTimeout(Duration.ofSeconds(30)))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> pool.query("SELECT 1"))
                    .isInstanceOf(PgException.class)
                    .satisfies(e -> assertThat(((PgException) e).sqlState()).isEqualTo("28P01"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(pool.statistics().size()).isZero();
        }
    }

    @Test
    void pipelinedPoolReplacesBrokenSharedConnections() {
        try (var pool = Pools.open(db, "rec_shared", cfg -> cfg.minSize(1).maxSize(1).sharing(Sharing.PIPELINED)
                .maintenanceInterval(Duration.ofMillis(50)))) {
            int before = pid(pool);
            Pools.terminateBackend(db, before);
            assertThat(Pools.eventually(Duration.ofSeconds(5), () -> pool.statistics().closed() == 1 && pool.statistics().size() == 1)).isTrue();
            assertThat(pid(pool)).isNotEqualTo(before);

            // A transaction opened through a shared call cannot be rolled back under other users: the session is dropped.
            int shared = pid(pool);
            pool.execute("BEGIN");
            assertThat(pid(pool)).isNotEqualTo(shared);
            assertThat(pool.withConnection(PgConnection::transactionStatus)).isEqualTo(TransactionStatus.IDLE);
        }
    }

    @Test
    void leaseCarriesCopyAndStreamingToThePooledSession() {
        db.execute("CREATE TABLE rec_copy (id int)");
        try (var pool = Pools.open(db, "rec_copy", cfg -> cfg.minSize(1).maxSize(1))) {
            long copied = pool.withConnection(c -> c.copyIn("rec_copy", List.of("id"), List.of(new Object[]{1}, new Object[]{2})));
            assertThat(copied).isEqualTo(2);
            long sum = pool.withConnection(c -> {
                long total = 0;
                try (RowStream rows = c.stream("SELECT id FROM rec_copy", 1)) {
                    while (rows.hasNext()) {
                        total += rows.next().getInt(0);
                    }
                }
                return total;
            });
            assertThat(sum).isEqualTo(3);
            assertThat(pool.withConnection(PgConnection::transactionStatus)).isEqualTo(TransactionStatus.IDLE);
        }
    }
}
