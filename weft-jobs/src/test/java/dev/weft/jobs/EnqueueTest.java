package dev.weft.jobs;

import static dev.weft.jobs.TestJobs.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Enqueueing: transactional with the caller's data, batched, scheduled, and typed by kind. */
@ExtendWith(EmbeddedPostgresExtension.class)
class EnqueueTest {
    record Note(String text) {}

    @JobKind("greeting_v1")
    record Greet(String name) {}

    private final PgPool pool;

    EnqueueTest(TestDatabase db) {
        this.pool = TestJobs.pool(db);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void aRolledBackTransactionsJobNeverRunsAndACommittedOneAlwaysDoes() throws Exception {
        Map<String, Long> ran = new ConcurrentHashMap<>();
        var last = new CountDownLatch(1);
        try (Jobs jobs = TestJobs.builder(pool).queue("default", 1)
                .worker(Note.class, note -> {
                    ran.put(note.text(), JobContext.current().orElseThrow().id());
                    if (note.text().equals("last")) {
                        last.countDown();
                    }
                })
                .build()) {
            assertThatThrownBy(() -> pool.transaction(tx -> {
                jobs.enqueue(tx, new Note("rolled back"));
                throw new IllegalStateException("the caller's transaction fails");
            })).hasMessageContaining("the caller's transaction fails");
            long committed = pool.transactionResult(tx -> jobs.enqueue(tx, new Note("committed")));
            long lastId = jobs.enqueue(new Note("last"));    // one queue, one slot: runs after "committed"

            assertThat(last.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the last job ran").isTrue();
            assertThat(ran).containsOnlyKeys("committed", "last");
            assertThat(ran.get("committed")).isEqualTo(committed);
            assertThat(TestJobs.awaitState(jobs, committed, JobState.COMPLETED).attempt()).isEqualTo(1);
            assertThat(lastId).isGreaterThan(committed);
            assertThat(jobs.find(committed - 1)).as("the rolled-back row never existed for anyone").isEmpty();
        }
    }

    @Test
    void aBatchIsOneStatementWithIdsInOrderAndKindsByAnnotationOrName() {
        try (Jobs jobs = TestJobs.builder(pool).build()) {     // enqueue only: no queue, no worker
            List<Long> ids = pool.transactionResult(tx -> jobs.enqueueAll(tx,
                    List.of(new Note("a"), new Greet("b"), new Note("c")), EnqueueOptions.defaults().priority(3)));
            assertThat(ids).hasSize(3).isSorted().doesNotHaveDuplicates();
            JobInfo greet = jobs.find(ids.get(1)).orElseThrow();
            assertThat(greet.kind()).isEqualTo("greeting_v1");
            assertThat(greet.args()).contains("\"name\"").contains("\"b\"");
            assertThat(greet.priority()).isEqualTo(3);
            assertThat(greet.state()).isEqualTo(JobState.AVAILABLE);
            assertThat(greet.maxAttempts()).isEqualTo(20);
            assertThat(jobs.find(ids.get(0)).orElseThrow().kind()).isEqualTo("Note");
            assertThat(jobs.find(ids.get(2)).orElseThrow().args()).contains("\"c\"");
        }
    }

    @Test
    void aScheduledJobDoesNotRunBeforeItsTimeAndRunsAfter() throws Exception {
        Map<String, Instant> ranAt = new ConcurrentHashMap<>();
        var ran = new CountDownLatch(2);
        try (Jobs jobs = TestJobs.builder(pool).queue("default", 2)
                .worker(Note.class, note -> {
                    ranAt.put(note.text(), Instant.now());
                    ran.countDown();
                })
                .build()) {
            Instant due = Instant.now().plusSeconds(2);
            long atId = jobs.enqueue(new Note("at"), EnqueueOptions.defaults().runAt(due));
            Instant enqueued = Instant.now();
            long afterId = jobs.enqueue(new Note("after"), EnqueueOptions.defaults().runAfter(Duration.ofSeconds(2)));
            assertThat(jobs.find(atId).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
            assertThat(jobs.find(afterId).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);

            assertThat(ran.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("both scheduled jobs ran").isTrue();
            assertThat(ranAt.get("at")).isAfterOrEqualTo(due);
            assertThat(ranAt.get("after")).isAfterOrEqualTo(enqueued.plusSeconds(2).minusMillis(50));
        }
    }

    @Test
    void aQueueRunsByPriorityThenAge() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        var blockerStarted = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var allRan = new CountDownLatch(5);
        try (Jobs jobs = TestJobs.builder(pool).queue("default", 1)      // one slot: the order is the fetch order
                .worker(Note.class, note -> {
                    if (note.text().equals("blocker")) {
                        blockerStarted.countDown();
                        release.await();
                    }
                    order.add(note.text());
                    allRan.countDown();
                })
                .build()) {
            jobs.enqueue(new Note("blocker"));
            assertThat(blockerStarted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            jobs.enqueue(new Note("low, older"), EnqueueOptions.defaults().priority(5));
            jobs.enqueue(new Note("high"), EnqueueOptions.defaults().priority(1));
            jobs.enqueue(new Note("low, newer"), EnqueueOptions.defaults().priority(5));
            jobs.enqueue(new Note("first"), EnqueueOptions.defaults().priority(0));
            release.countDown();
            assertThat(allRan.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("blocker", "first", "high", "low, older", "low, newer");
        }
    }

    @Test
    void aHandlerSeesItsJobThroughJobContext() throws Exception {
        var seen = new CopyOnWriteArrayList<JobContext>();
        var ran = new CountDownLatch(1);
        try (Jobs jobs = TestJobs.builder(pool).queue("mail", 1)
                .worker(Greet.class, WorkerOptions.defaults().queue("mail").maxAttempts(7), greet -> {
                    seen.add(JobContext.current().orElseThrow());
                    ran.countDown();
                })
                .build()) {
            long id = jobs.enqueue(new Greet("ada"));
            assertThat(ran.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactly(new JobContext(id, "greeting_v1", "mail", 1, 7));
            assertThat(JobContext.current()).as("nothing outside a handler").isEmpty();
        }
    }

    @Test
    void badOptionsAndUnwritableJobsAreRefusedWithTheValueNamed() {
        assertThatThrownBy(() -> EnqueueOptions.defaults().priority(101)).hasMessageContaining("101");
        assertThatThrownBy(() -> EnqueueOptions.defaults().maxAttempts(0)).hasMessageContaining("maxAttempts < 1: 0");
        assertThatThrownBy(() -> EnqueueOptions.defaults().queue(" ")).hasMessageContaining("queue");
        assertThatThrownBy(() -> EnqueueOptions.defaults().runAfter(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> Jobs.builder(pool).schema("Bad-Name")).hasMessageContaining("Bad-Name");
        assertThatThrownBy(() -> Jobs.builder(pool).queue("q", 0)).hasMessageContaining("q < 1: 0");
        assertThatThrownBy(() -> Jobs.builder(pool).worker(Note.class, n -> { }).worker(Note.class, n -> { }).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Note");
        try (Jobs jobs = TestJobs.builder(pool).build()) {
            assertThatThrownBy(() -> jobs.enqueue(new Object()))
                    .isInstanceOf(JobsException.class).hasMessageContaining("java.lang.Object");
        }
    }
}
