package dev.weft.jobs;

import static dev.weft.jobs.TestJobs.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Event;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-queue concurrency limit, and graceful shutdown: finish within the bound, release the rest. */
@ExtendWith(EmbeddedPostgresExtension.class)
class ConcurrencyAndShutdownTest {
    record Work(int n) {}

    private final PgPool pool;

    ConcurrencyAndShutdownTest(TestDatabase db) {
        this.pool = TestJobs.pool(db);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void aQueueNeverRunsMoreJobsAtOnceThanItsLimit() {
        int limit = 3;
        var current = new AtomicInteger();
        var max = new AtomicInteger();
        var done = new AtomicInteger();
        try (Jobs jobs = TestJobs.builder(pool).queue("default", limit).queue("other", 5)
                .worker(Work.class, job -> {
                    max.accumulateAndGet(current.incrementAndGet(), Math::max);
                    try {
                        // Hold the slot until the limit is reached (or a while passed), so that a limit that
                        // let more in would show: every job that could start overlaps with the others.
                        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                        while (current.get() < limit && System.nanoTime() < end) {
                            Thread.sleep(5);
                        }
                        Thread.sleep(20);
                    } finally {
                        current.decrementAndGet();
                        done.incrementAndGet();
                    }
                })
                .build()) {
            List<Work> work = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                work.add(new Work(i));
            }
            jobs.enqueueAll(pool, work, EnqueueOptions.defaults());
            TestJobs.await("30 jobs done", () -> done.get() == 30);
            assertThat(max.get()).isEqualTo(limit);
        }
    }

    @Test
    void closeLetsRunningJobsFinishWithinTheBound() throws Exception {
        var started = new CountDownLatch(1);
        long id;
        Jobs jobs = TestJobs.builder(pool).queue("default", 1).shutdownTimeout(Duration.ofSeconds(30))
                .worker(Work.class, job -> {
                    started.countDown();
                    Thread.sleep(500);
                })
                .build();
        try {
            id = jobs.enqueue(new Work(1));
            assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } finally {
            jobs.close();
        }
        assertThat(jobs.find(id).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void closeCancelsJobsPastTheBoundAndPutsThemBackUncounted() throws Exception {
        String schema = TestJobs.freshSchema();
        var running = new Semaphore(0);
        Event never = Event.create();
        List<Long> ids;
        Jobs first = Jobs.builder(pool).schema(schema).queue("default", 2).shutdownTimeout(Duration.ofMillis(300))
                .worker(Work.class, job -> {
                    running.release();
                    never.await();
                })
                .build();
        try {
            ids = first.enqueueAll(pool, List.of(new Work(1), new Work(2), new Work(3), new Work(4), new Work(5)),
                    EnqueueOptions.defaults());
            assertThat(running.tryAcquire(2, DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("two jobs started").isTrue();
        } finally {
            first.close();
        }
        for (long id : ids) {
            JobInfo job = first.find(id).orElseThrow();
            assertThat(job.state()).as("job " + id).isEqualTo(JobState.AVAILABLE);
            assertThat(job.attempt()).as("an attempt cut by shutdown is not counted").isZero();
            assertThat(job.errors()).isEmpty();
        }

        var ran = new CountDownLatch(5);
        try (Jobs second = Jobs.builder(pool).schema(schema).queue("default", 5)
                .worker(Work.class, job -> ran.countDown())
                .build()) {
            assertThat(ran.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the next instance ran them all").isTrue();
            for (long id : ids) {
                assertThat(TestJobs.awaitState(second, id, JobState.COMPLETED).attempt()).isEqualTo(1);
            }
        }
    }

    @Test
    void finishedJobsArePrunedAfterTheirAge() throws Exception {
        var ran = new CountDownLatch(3);
        try (Jobs jobs = TestJobs.builder(pool).queue("default", 3)
                .prune(Duration.ofMillis(200), Duration.ofMillis(100), 2)     // batches of 2: three need two rounds
                .worker(Work.class, job -> ran.countDown())
                .build()) {
            List<Long> ids = jobs.enqueueAll(pool, List.of(new Work(1), new Work(2), new Work(3)), EnqueueOptions.defaults());
            long scheduled = jobs.enqueue(new Work(4), EnqueueOptions.defaults().runAfter(Duration.ofHours(1)));
            assertThat(ran.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            TestJobs.await("the finished jobs pruned", () -> ids.stream().allMatch(id -> jobs.find(id).isEmpty()));
            assertThat(jobs.find(scheduled)).as("an unfinished job is kept").isPresent();
        }
    }
}
