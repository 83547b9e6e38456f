package dev.weft.pg.connection;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import dev.weft.pg.TransactionStatus;
import dev.weft.pg.error.QueryCanceled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CancelTest extends OneConnectionTest {
    CancelTest(TestDatabase db) {
        super(db);
    }

    @Test
    void timedOutQueryIsCancelledAndTheConnectionStaysUsable() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(100)).query("SELECT pg_sleep(30)"))
                .isInstanceOf(QueryCanceled.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(conn.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        assertThat(conn.isUsable()).isTrue();
    }

    @Test
    void weftCoreDeadlineCancelsTheQuery() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(100), () -> {
            return conn.execute("SELECT pg_sleep(30)");
        }))
                .isInstanceOf(DeadlineExceeded.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(conn.queryValue(Integer.class, "SELECT 2")).isEqualTo(2);
    }

    @Test
    void timeoutInsideATransactionRollsItBack() {
        conn.execute("CREATE TABLE IF NOT EXISTS marks(n int)");
        assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(200)).transaction(tx -> {
            tx.execute("INSERT INTO marks VALUES ($1)", 1);
            tx.query("SELECT pg_sleep(30)");
        })).isInstanceOf(QueryCanceled.class);
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.queryValue(Long.class, "SELECT count(*) FROM marks")).isZero();
    }

    @Test
    void aBrokenConnectionFailsEveryWaiterAndLaterCalls() throws InterruptedException {
        var errors = new ConcurrentLinkedQueue<Throwable>();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    conn.query("SELECT pg_sleep(30)");
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        try (var admin = Db.connect(db)) {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until
                    && admin.queryValue(Long.class, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'",
                    conn.processId()) == 0) {
                Thread.sleep(20);
            }
            admin.query("SELECT pg_terminate_backend($1)", conn.processId());
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(errors).hasSize(8).allMatch(e -> e instanceof PgException);
        assertThat(conn.isUsable()).isFalse();
        assertThatThrownBy(() -> conn.query("SELECT 1")).isInstanceOf(PgException.class);
    }

    @Test
    void aTimedOutQueryQueuedBehindAnotherCancelsOnlyItself() throws InterruptedException {
        var first = new java.util.concurrent.atomic.AtomicReference<Object>();
        Thread slow = Thread.ofVirtual().start(() -> first.set(conn.queryValue(String.class, "SELECT pg_sleep(1)::text")));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (((RealPgConnection) conn).session.inFlight() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(100)).query("SELECT pg_sleep(30)"))
                .isInstanceOf(QueryCanceled.class);
        assertThat(slow.join(Duration.ofSeconds(10))).isTrue();
        assertThat(first.get()).as("the query ahead was not cancelled").isEqualTo("");
        assertThat(conn.queryValue(Integer.class, "SELECT 3")).isEqualTo(3);
    }
}
