package dev.weft.jobs;

import static dev.weft.jobs.TestJobs.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.core.Cancelled;
import dev.weft.core.Event;
import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.pool.PgPool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cancelling: a running job sees weft-core cancellation; a waiting one never runs. */
@ExtendWith(EmbeddedPostgresExtension.class)
class CancelTest {
    record Block(String name) {}

    private final PgPool pool;

    CancelTest(TestDatabase db) {
        this.pool = TestJobs.pool(db);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void aRunningJobIsCancelledAndAWaitingOneNeverRuns() throws Exception {
        List<String> started = new CopyOnWriteArrayList<>();
        var blockerStarted = new CountDownLatch(1);
        var blockerCancelled = new CountDownLatch(1);
        var lastRan = new CountDownLatch(1);
        Event never = Event.create();
        try (Jobs jobs = TestJobs.builder(pool).queue("default", 1)      // one slot: the others wait
                .worker(Block.class, job -> {
                    started.add(job.name());
                    switch (job.name()) {
                        case "blocker" -> {
                            blockerStarted.countDown();
                            try {
                                never.await();
                            } catch (Cancelled e) {
                                blockerCancelled.countDown();
                                throw e;
                            }
                        }
                        case "last" -> lastRan.countDown();
                        default -> { }
                    }
                })
                .build()) {
            long blocker = jobs.enqueue(new Block("blocker"));
            assertThat(blockerStarted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            long waiting = jobs.enqueue(new Block("waiting"));
            long last = jobs.enqueue(new Block("last"));

            assertThat(jobs.cancel(waiting)).isTrue();
            assertThat(jobs.find(waiting).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
            assertThat(jobs.cancel(blocker)).isTrue();
            assertThat(blockerCancelled.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("the handler saw weft-core's Cancelled").isTrue();
            assertThat(lastRan.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the slot was freed").isTrue();

            assertThat(started).containsExactly("blocker", "last");
            JobInfo cancelled = jobs.find(blocker).orElseThrow();
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.errors()).as("a cancel is not a failure").isEmpty();
            assertThat(TestJobs.awaitState(jobs, last, JobState.COMPLETED).attempt()).isEqualTo(1);
            assertThat(jobs.cancel(last)).as("a finished job cannot be cancelled").isFalse();
            assertThat(jobs.cancel(blocker)).as("nor a cancelled one").isFalse();
        }
    }

    @Test
    void aCancelReachesTheInstanceRunningTheJobThroughNotify() throws Exception {
        var started = new CountDownLatch(1);
        var cancelled = new CountDownLatch(1);
        Event never = Event.create();
        String schema = TestJobs.freshSchema();
        try (Jobs worker = Jobs.builder(pool).schema(schema).queue("default", 1)
                .worker(Block.class, job -> {
                    started.countDown();
                    try {
                        never.await();
                    } catch (Cancelled e) {
                        cancelled.countDown();
                        throw e;
                    }
                })
                .build();
             Jobs admin = Jobs.builder(pool).schema(schema).build()) {   // another instance: enqueues and cancels
            long id = admin.enqueue(new Block("remote"));
            assertThat(started.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(admin.cancel(id)).isTrue();
            assertThat(cancelled.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(TestJobs.awaitState(worker, id, JobState.CANCELLED).errors()).isEmpty();
        }
    }
}
