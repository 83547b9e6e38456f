package dev.weft.jobs;

import dev.weft.core.Event;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;

/**
 * A worker process for the multi-process tests: {@code WorkerMain <uri> <schema> <instance> record|hang <lease ms>}.
 * In {@code record} mode each {@link Work} job inserts its id into {@code runs} (a unique key, so a
 * second run of one job fails); in {@code hang} mode each prints {@code started <id>} and blocks until
 * killed. Prints {@code ready} once working; runs until killed.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String schema = args[1];
        String instance = args[2];
        boolean hang = args[3].equals("hang");
        Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
        Event never = Event.create();
        try (PgPool pool = PgPool.open(uri, cfg -> cfg.maxSize(6));
             Jobs jobs = Jobs.builder(pool).schema(schema).instanceName(instance).lease(lease)
                     .pollInterval(Duration.ofMillis(200)).queue("default", 4)
                     .worker(Work.class, job -> {
                         long id = JobContext.current().orElseThrow().id();
                         if (hang) {
                             System.out.println("started " + id);
                             never.await();
                         }
                         Work.record(pool, id, instance);
                     })
                     .build()) {
            System.out.println("ready");
            never.await();
        }
    }
}
