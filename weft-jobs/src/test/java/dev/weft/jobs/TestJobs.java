package dev.weft.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** What the tests share: a pool on the class's database, a fresh schema per test, waiting with a deadline. */
final class TestJobs {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private TestJobs() {
    }

    /** A pool as an ordinary user that may create schemas in {@code db}. */
    static PgPool pool(TestDatabase db) {
        db.execute("GRANT CREATE ON DATABASE " + db.name() + " TO scram_user");
        return PgPool.open(db.uri("scram_user", "scram_pass"), cfg -> cfg.maxSize(10));
    }

    /** A schema name no other test of this JVM uses. */
    static String freshSchema() {
        return "jobs_" + SCHEMAS.incrementAndGet();
    }

    /** A builder on a fresh schema that polls often, so tests that wait for scheduling stay short. */
    static Jobs.Builder builder(PgPool pool) {
        return Jobs.builder(pool).schema(freshSchema()).pollInterval(Duration.ofMillis(100));
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@link #DEADLINE}. */
    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("by the deadline: " + what).isLessThan(end);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until job {@code id} is in {@code state}; returns its row. */
    static JobInfo awaitState(Jobs jobs, long id, JobState state) {
        await("job " + id + " " + state, () -> jobs.find(id).orElseThrow().state() == state);
        return jobs.find(id).orElseThrow();
    }
}
