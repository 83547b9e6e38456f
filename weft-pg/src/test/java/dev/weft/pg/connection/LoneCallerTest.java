package dev.weft.pg.connection;

import dev.weft.core.Deadline;
import dev.weft.core.DeadlineExceeded;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.error.QueryCanceled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A caller alone on its connection reads its own answer; timeouts and cancellation still reach the server. */
@ExtendWith(EmbeddedPostgresExtension.class)
class LoneCallerTest {
    private final PgConnection conn;

    LoneCallerTest(TestDatabase db) {
        this.conn = Db.connect(db);
    }

    @AfterEach
    void close() {
        conn.close();
    }

    @Test
    void aLoneCallerReadsItsOwnAnswerOnItsOwnThread() {
        var readers = new ConcurrentLinkedQueue<Thread>();
        conn.onNotice(notice -> readers.add(Thread.currentThread()));
        for (int i = 0; i < 50; i++) {
            conn.execute("DO $$BEGIN RAISE NOTICE 'hello'; END$$");
        }
        assertThat(readers).hasSize(50);
        // Back to back, most queries find the reader role free; the first may find the watcher reading.
        assertThat(readers).as("notices read by the caller itself").contains(Thread.currentThread());
    }

    @Test
    void aLoneCallersTimeoutCancelsOnTheServerAndKeepsTheConnection() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> conn.withTimeout(Duration.ofMillis(200)).query("SELECT pg_sleep(30)"))
                .isInstanceOf(QueryCanceled.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(conn.queryValue(Integer.class, "SELECT 7")).isEqualTo(7);
    }

    @Test
    void aLoneCallersDeadlineCancelsOnTheServerAndKeepsTheConnection() {
        assertThatThrownBy(() -> Deadline.within(Duration.ofMillis(200), () -> conn.query("SELECT pg_sleep(30)")))
                .isInstanceOf(DeadlineExceeded.class);
        assertThat(conn.isUsable()).isTrue();
        assertThat(conn.queryValue(Integer.class, "SELECT 8")).isEqualTo(8);
    }
}
