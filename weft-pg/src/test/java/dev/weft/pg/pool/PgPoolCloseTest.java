package dev.weft.pg.pool;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.PgException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgPoolCloseTest extends PoolTest {
    PgPoolCloseTest(TestDatabase db) {
        super(db);
    }

    @Test
    void gracefulCloseWaitsForBorrowedConnectionsAndLeavesNoBackends() throws InterruptedException {
        var pool = Pools.open(db, "close_graceful", cfg -> cfg.minSize(2).maxSize(3).closeTimeout(Duration.ofSeconds(20)));
        pool.listen("close_graceful_channel", n -> { });
        var borrowed = new CountDownLatch(1);
        var result = new AtomicReference<Object>();
        Thread borrower = Thread.ofVirtual().start(() -> {
            try (PgConnection c = pool.acquire()) {
                borrowed.countDown();
                Thread.sleep(300); // close() starts meanwhile
                result.set(c.queryValue(Integer.class, "SELECT 7"));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        borrowed.await();
        assertThat(Pools.backends(db, "close_graceful")).isEqualTo(3); // two pooled and the LISTEN connection
        pool.close();
        assertThat(borrower.join(Duration.ofSeconds(5))).isTrue();
        assertThat(result.get()).isEqualTo(7);
        assertThat(pool.statistics().size()).isZero();
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, "close_graceful") == 0)).isTrue();
        assertThatThrownBy(() -> pool.query("SELECT 1")).isInstanceOf(IllegalStateException.class).hasMessage("the pool is closed");
        assertThatThrownBy(() -> pool.listen("x", n -> { })).isInstanceOf(IllegalStateException.class);
        pool.close(); // idempotent
    }

    @Test
    void closeTerminatesWhatIsStillBorrowedAfterTheCloseTimeout() throws InterruptedException {
        var pool = Pools.open(db, "close_timeout", cfg -> cfg.minSize(1).maxSize(2).closeTimeout(Duration.ofMillis(300)));
        PgConnection kept = pool.acquire();
        long start = System.nanoTime();
        pool.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> kept.queryValue(Integer.class, "SELECT 1")).isInstanceOf(PgException.class);
        kept.close(); // giving back after close is harmless
        assertThat(pool.statistics().size()).isZero();
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, "close_timeout") == 0)).isTrue();
    }

    @Test
    void waitersAreReleasedWhenThePoolCloses() throws InterruptedException {
        var pool = Pools.open(db, "close_waiters", cfg -> cfg.minSize(1).maxSize(1).closeTimeout(Duration.ofMillis(200)));
        PgConnection held = pool.acquire();
        var failure = new AtomicReference<Throwable>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                pool.query("SELECT 1");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> pool.statistics().waiting() == 1)).isTrue();
        pool.close();
        assertThat(waiter.join(Duration.ofSeconds(5))).isTrue();
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class).hasMessage("the pool is closed");
        held.close();
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, "close_waiters") == 0)).isTrue();
    }

    @Test
    void terminateEndsRunningQueriesAtOnce() throws InterruptedException {
        var pool = Pools.open(db, "close_terminate", cfg -> cfg.minSize(1).maxSize(2));
        var failure = new AtomicReference<Throwable>();
        Thread sleeper = Thread.ofVirtual().start(() -> {
            try {
                pool.execute("SELECT pg_sleep(30)");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> pool.statistics().inUse() == 1)).isTrue();
        pool.terminate();
        assertThat(sleeper.join(Duration.ofSeconds(5))).isTrue();
        assertThat(failure.get()).isInstanceOf(PgException.class);
        assertThat(Pools.eventually(Duration.ofSeconds(5), () -> Pools.backends(db, "close_terminate") == 0)).isTrue();
        pool.close(); // after terminate: nothing left to do
    }
}
