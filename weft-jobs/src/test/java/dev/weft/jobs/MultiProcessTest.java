package dev.weft.jobs;

import static dev.weft.jobs.TestJobs.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.embeddedpg.EmbeddedPostgresExtension;
import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two JVMs on one queue: each job runs exactly once; a worker killed with SIGKILL loses nothing. */
@ExtendWith(EmbeddedPostgresExtension.class)
class MultiProcessTest {
    private final TestDatabase db;
    private final PgPool pool;

    MultiProcessTest(TestDatabase db) {
        this.db = db;
        this.pool = TestJobs.pool(db);
        db.execute("DROP TABLE IF EXISTS runs");
        db.execute(Work.RUNS);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    private String uri() {
        return db.uri("scram_user", "scram_pass");
    }

    @Test
    void twoJvmsWorkingOneQueueRunEachJobExactlyOnce() throws Exception {
        int count = 200;
        String schema = TestJobs.freshSchema();
        Jobs.builder(pool).schema(schema).build().close();          // migrate before the child races for it
        try (ChildJvm child = ChildJvm.start(WorkerMain.class, uri(), schema, "child", "record", "60000");
             Jobs parent = Jobs.builder(pool).schema(schema).instanceName("parent").pollInterval(Duration.ofMillis(200))
                     .queue("default", 4)
                     .worker(Work.class, job -> Work.record(pool, JobContext.current().orElseThrow().id(), "parent"))
                     .build()) {
            child.awaitLine("ready", DEADLINE);
            List<Work> work = IntStream.range(0, count).mapToObj(Work::new).toList();
            List<Long> ids = parent.enqueueAll(pool, work, EnqueueOptions.defaults());

            TestJobs.await(count + " jobs completed", () -> pool.queryValue(Long.class,
                    "SELECT count(*) FROM " + schema + ".jobs WHERE state = 'completed'") == count);
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM runs")).isEqualTo(count);
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM runs WHERE job_id = ANY($1::bigint[])", ids))
                    .isEqualTo(count);
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM " + schema + ".jobs WHERE attempt <> 1"
                    + " OR errors <> '[]'")).as("no job failed or ran twice").isZero();
            assertThat(pool.query("SELECT DISTINCT instance FROM runs ORDER BY 1").stream().map(r -> r.getString(0)))
                    .as("both processes took part").containsExactly("child", "parent");
        }
    }

    @Test
    void aWorkerKilledMidJobLosesNothingItsJobsRunAgainAfterTheLease() throws Exception {
        String schema = TestJobs.freshSchema();
        Jobs enqueuer = Jobs.builder(pool).schema(schema).build();   // enqueue only: nothing works the queue yet
        List<Long> ids;
        try (enqueuer) {
            ids = enqueuer.enqueueAll(pool, IntStream.range(0, 10).mapToObj(Work::new).toList(), EnqueueOptions.defaults());
        }
        List<Long> startedInChild = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(WorkerMain.class, uri(), schema, "doomed", "hang", "1000")) {
            for (int i = 0; i < 4; i++) {                             // its queue runs 4 at once
                startedInChild.add(Long.parseLong(child.awaitLine("started " + ids.get(i), DEADLINE).substring(8)));
            }
            child.kill();
        }
        assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM " + schema + ".jobs WHERE state = 'running'"))
                .as("the dead worker's jobs still look running until their lease expires").isEqualTo(4);

        try (Jobs survivor = Jobs.builder(pool).schema(schema).instanceName("survivor").lease(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(100)).queue("default", 4)
                .worker(Work.class, job -> pool.execute("INSERT INTO runs (job_id, instance) VALUES ($1, 'survivor')",
                        JobContext.current().orElseThrow().id()))
                .build()) {
            for (long id : ids) {
                TestJobs.awaitState(survivor, id, JobState.COMPLETED);
            }
            assertThat(pool.queryValue(Long.class, "SELECT count(*) FROM runs")).isEqualTo(10);
            for (long id : startedInChild) {
                JobInfo rescued = survivor.find(id).orElseThrow();
                assertThat(rescued.attempt()).as("the lost attempt counts").isEqualTo(2);
                assertThat(rescued.attemptedBy()).isEqualTo("survivor");
                assertThat(rescued.errors()).singleElement().satisfies(e -> {
                    assertThat(e.attempt()).isEqualTo(1);
                    assertThat(e.error()).contains("lease expired").contains("doomed");
                });
            }
        }
    }
}
