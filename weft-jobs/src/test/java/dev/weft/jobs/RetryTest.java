package dev.weft.jobs;

import static dev.weft.jobs.TestJobs.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Failures: retried with backoff, recorded per attempt, discarded after the last; retried by hand; timed out. */
@ExtendWith(EmbeddedPostgresExtension.class)
class RetryTest {
    record Flaky(String why) {}

    record Slow(int seconds) {}

    private final PgPool pool;

    RetryTest(TestDatabase db) {
        this.pool = TestJobs.pool(db);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void failuresAreRetriedWithBackoffRecordedAndDiscardedAfterTheLastAttempt() {
        List<Instant> attempts = new CopyOnWriteArrayList<>();
        AtomicBoolean healed = new AtomicBoolean();
        try (Jobs jobs = TestJobs.builder(pool).queue("default", 2)
                .backoff(Duration.ofMillis(400), Duration.ofMillis(800))
                .worker(Flaky.class, WorkerOptions.defaults().maxAttempts(3), job -> {
                    attempts.add(Instant.now());
                    if (!healed.get()) {
                        throw new IllegalStateException("boom: " + job.why());
                    }
                })
                .build()) {
            long id = jobs.enqueue(new Flaky("disk full"));
            JobInfo discarded = TestJobs.awaitState(jobs, id, JobState.DISCARDED);

            assertThat(discarded.attempt()).isEqualTo(3);
            assertThat(discarded.finishedAt()).isNotNull();
            assertThat(attempts).hasSize(3);
            // pauses: after attempt 1 at least half of 400 ms, after attempt 2 at least half of 800 ms
            assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(discarded.errors()).extracting(JobError::attempt).containsExactly(1, 2, 3);
            for (JobError error : discarded.errors()) {
                assertThat(error.error()).isEqualTo("java.lang.IllegalStateException: boom: disk full");
                assertThat(error.stack()).contains("RetryTest");
                assertThat(error.at()).isNotNull();
            }

            healed.set(true);
            assertThat(jobs.retry(id)).as("a discarded job can be retried by hand").isTrue();
            JobInfo completed = TestJobs.awaitState(jobs, id, JobState.COMPLETED);
            assertThat(completed.attempt()).isEqualTo(4);
            assertThat(completed.maxAttempts()).as("one more attempt was granted").isEqualTo(4);
            assertThat(completed.errors()).hasSize(3);
            assertThat(jobs.retry(id + 1000)).as("no such job").isFalse();
        }
    }

    @Test
    void anAttemptPastItsTimeoutIsCancelledAndCountsAsAFailure() throws Exception {
        var sawCancellation = new CountDownLatch(1);
        try (Jobs jobs = TestJobs.builder(pool).queue("default", 1)
                .worker(Slow.class, WorkerOptions.defaults().timeout(Duration.ofMillis(300)).maxAttempts(1), job -> {
                    try {
                        Thread.sleep(Duration.ofSeconds(job.seconds()));
                    } catch (InterruptedException e) {
                        sawCancellation.countDown();
                        throw e;
                    }
                })
                .build()) {
            long id = jobs.enqueue(new Slow(60));
            JobInfo discarded = TestJobs.awaitState(jobs, id, JobState.DISCARDED);
            assertThat(sawCancellation.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(discarded.errors()).singleElement().satisfies(e -> assertThat(e.error()).contains("Deadline"));
        }
    }

    @Test
    void jsonThatNoLongerFitsItsTypeIsDiscardedAtOnce() {
        String schema = TestJobs.freshSchema();
        try (Jobs jobs = Jobs.builder(pool).schema(schema).pollInterval(Duration.ofMillis(100)).queue("default", 1)
                .worker(Slow.class, job -> { })
                .build()) {
            long id = pool.queryValue(Long.class, "INSERT INTO " + schema + ".jobs (queue, kind, args, state, max_attempts)"
                    + " VALUES ('default', 'Slow', '{\"seconds\": \"not a number\"}', 'available', 5) RETURNING id");
            pool.sendNotification(schema + "_available", "default");
            JobInfo discarded = TestJobs.awaitState(jobs, id, JobState.DISCARDED);
            assertThat(discarded.attempt()).isEqualTo(1);
            assertThat(discarded.errors()).singleElement()
                    .satisfies(e -> assertThat(e.error()).contains("cannot read the JSON of a Slow job"));
        }
    }

    @Test
    void backoffStaysBetweenHalfItsCeilingAndTheCeilingAndIsCapped() {
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(1));
        for (int attempt = 1; attempt <= 70; attempt++) {
            Duration ceiling = backoff.ceiling(attempt);
            for (int i = 0; i < 100; i++) {
                assertThat(backoff.pauseAfter(attempt)).isBetween(ceiling.dividedBy(2), ceiling);
            }
        }
    }
}
