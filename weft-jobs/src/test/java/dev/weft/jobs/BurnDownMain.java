package dev.weft.jobs;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.pg.pool.PgPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement, not a test: enqueues {@code N} no-op jobs in batches of 10,000, then times one
 * instance working them off ({@code BurnDownMain [N] [concurrency]}, defaults 100,000 and 50). Runs
 * on the shared embedded PostgreSQL.
 */
public final class BurnDownMain {
    record Noop(int n) {}

    private BurnDownMain() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        String database = "burn_down_" + ProcessHandle.current().pid();
        server.createDatabase(database);
        server.execute(database, "GRANT CREATE ON DATABASE " + database + " TO scram_user");
        var done = new AtomicLong();
        try (PgPool pool = PgPool.open(server.uri("scram_user", "scram_pass", database), cfg -> cfg.maxSize(20))) {
            try (Jobs enqueuer = Jobs.builder(pool).build()) {
                long start = System.nanoTime();
                for (int from = 0; from < count; from += 10_000) {
                    List<Noop> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(count, from + 10_000); i++) {
                        batch.add(new Noop(i));
                    }
                    enqueuer.enqueueAll(pool, batch, EnqueueOptions.defaults());
                }
                report("enqueued", count, start);
            }
            long start = System.nanoTime();
            try (Jobs jobs = Jobs.builder(pool).queue("default", concurrency)
                    .worker(Noop.class, job -> done.incrementAndGet())
                    .build()) {
                while (done.get() < count) {
                    Thread.sleep(10);
                }
                report("worked off", count, start);
            }
        }
    }

    private static void report(String what, int count, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        System.out.printf("%s %,d jobs in %.2f s: %,.0f jobs/s%n", what, count, took.toMillis() / 1000.0,
                count / (took.toNanos() / 1e9));
    }
}
