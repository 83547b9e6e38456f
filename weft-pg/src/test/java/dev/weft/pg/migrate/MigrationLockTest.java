package dev.weft.pg.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnection;
import dev.weft.pg.pool.PgPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The advisory lock: instances that migrate at once apply each file once; a held lock is waited for, within the timeout. */
@ExtendWith(EmbeddedPostgresExtension.class)
class MigrationLockTest {
    private static final int FILES = 6;

    private final TestDatabase db;
    private final String uri;

    MigrationLockTest(TestDatabase db) {
        this.db = db;
        this.uri = db.uri("scram_user", "scram_pass");
        db.execute("GRANT CREATE ON DATABASE " + db.name() + " TO scram_user");
    }

    @Test
    void twoPoolsMigratingAtOnceApplyEachFileExactlyOnce() throws Exception {
        for (int round = 1; round <= 3; round++) {
            String schema = "race_" + round;
            Migrations migrations = Migrations.of(files()).inSchema(schema);
            var barrier = new CyclicBarrier(2);
            List<Thread> threads = new ArrayList<>();
            List<AtomicReference<Object>> outcomes = List.of(new AtomicReference<>(), new AtomicReference<>());
            try (PgPool a = PgPool.open(uri); PgPool b = PgPool.open(uri)) {
                for (int i = 0; i < 2; i++) {
                    PgPool pool = i == 0 ? a : b;
                    AtomicReference<Object> outcome = outcomes.get(i);
                    threads.add(Thread.ofVirtual().start(() -> {
                        try {
                            barrier.await(30, TimeUnit.SECONDS);
                            outcome.set(migrations.migrate(pool));
                        } catch (Throwable e) {
                            outcome.set(e);
                        }
                    }));
                }
                for (Thread thread : threads) {
                    assertThat(thread.join(Duration.ofSeconds(60))).isTrue();
                }
            }
            List<Integer> appliedCounts = outcomes.stream().map(o -> {
                assertThat(o.get()).isInstanceOf(MigrationReport.class);
                return ((MigrationReport) o.get()).applied().size();
            }).toList();
            assertThat(appliedCounts).as("one instance applies all, the other finds nothing left")
                    .containsExactlyInAnyOrder(FILES, 0);
            assertThat(db.query("SELECT count(*), count(DISTINCT version) FROM " + schema + ".weft_schema_history"))
                    .containsExactly(List.of(Integer.toString(FILES), Integer.toString(FILES)));
            assertThat(db.query("SELECT string_agg(step::text, ',' ORDER BY id) FROM " + schema + ".steps"))
                    .as("each file ran once, in order").containsExactly(List.of("1,2,3,4,5,6"));
        }
    }

    @Test
    void aHeldLockIsWaitedForAndTheWaiterThenFindsNothingToDo() throws Exception {
        Migrations migrations = Migrations.of(files()).inSchema("held");
        try (PgConnection holder = PgConnection.connect(uri); PgConnection waiter = PgConnection.connect(uri)) {
            holder.execute("SELECT pg_advisory_lock($1)", MigrationRun.lockKey("held.weft_schema_history"));
            var outcome = new AtomicReference<Object>();
            Thread migrating = Thread.ofVirtual().start(() -> {
                try {
                    outcome.set(migrations.migrate(waiter));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            assertThat(awaitLockWait(waiter.processId())).as("the migration waits on the advisory lock").isTrue();
            assertThat(db.query("SELECT to_regnamespace('held') IS NULL")).as("nothing done while waiting")
                    .containsExactly(List.of("t"));
            holder.execute("SELECT pg_advisory_unlock_all()");
            assertThat(migrating.join(Duration.ofSeconds(30))).isTrue();
            assertThat(outcome.get()).isInstanceOfSatisfying(MigrationReport.class,
                    report -> assertThat(report.applied()).hasSize(FILES));
            assertThat(db.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                    .as("the lock is released after the run").containsExactly(List.of("0"));
        }
    }

    @Test
    void aLockHeldBeyondTheTimeoutEndsTheRunWithAClearErrorAndRestoresTheSetting() {
        Migrations migrations = Migrations.of(files()).inSchema("timeout").lockTimeout(Duration.ofMillis(300));
        try (PgConnection holder = PgConnection.connect(uri); PgConnection waiter = PgConnection.connect(uri)) {
            holder.execute("SELECT pg_advisory_lock($1)", MigrationRun.lockKey("timeout.weft_schema_history"));
            waiter.execute("SET lock_timeout = '7s'");
            assertThatThrownBy(() -> migrations.migrate(waiter))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("another session held the migration lock of timeout.weft_schema_history"
                            + " for more than PT0.3S");
            assertThat(waiter.queryValue(String.class, "SHOW lock_timeout")).isEqualTo("7s");
            assertThat(db.query("SELECT to_regnamespace('timeout') IS NULL")).containsExactly(List.of("t"));
        }
    }

    /** Each file appends its number to a log table; V1 sleeps a little, so that the instances overlap. */
    private static List<Migration> files() {
        List<Migration> files = new ArrayList<>();
        files.add(Migration.of("V1__create_steps.sql", "CREATE TABLE steps (id bigint GENERATED ALWAYS AS IDENTITY, step int);"
                + " SELECT pg_sleep(0.2); INSERT INTO steps (step) VALUES (1);"));
        for (int i = 2; i <= FILES; i++) {
            files.add(Migration.of("V" + i + "__step_" + i + ".sql", "INSERT INTO steps (step) VALUES (" + i + ");"));
        }
        return files;
    }

    private boolean awaitLockWait(int pid) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (!db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = " + pid).isEmpty()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
