package dev.weft.pg.bench;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.pg.PgConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load program, not a test: point-query throughput on ONE connection with 1 caller and with 32
 * concurrent (pipelined) callers, each for a fixed time; prints queries per second and this JVM's CPU
 * time per query (the embedded server is a separate process, so that is the client's cost).
 *
 * <p>Without a DSN argument it starts the embedded server ({@code EmbeddedPostgres.shared()}).
 *
 * <pre>
 * ./weft mvn -q -pl weft-pg test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp weft-pg/target/classes:weft-pg/target/test-classes:$(cat weft-pg/target/cp.txt) \
 *     dev.weft.pg.bench.PointQueryLoad [DSN] [seconds]
 * </pre>
 */
public final class PointQueryLoad {
    private PointQueryLoad() {
    }

    public static void main(String[] args) throws Exception {
        String dsn = args.length > 0 && !args[0].isEmpty() ? args[0]
                : EmbeddedPostgres.shared().uri("postgres", null, "postgres") + "?sslmode=disable";
        Duration each = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        try (var conn = PgConnection.connect(dsn)) {
            conn.execute("DROP TABLE IF EXISTS bench_world; "
                    + "CREATE TABLE bench_world(id int PRIMARY KEY, randomnumber int NOT NULL); "
                    + "INSERT INTO bench_world SELECT i, (random() * 10000)::int FROM generate_series(1, 10000) i");
            run(conn, 1, Duration.ofSeconds(2));
            for (int callers : new int[]{1, 32}) {
                long cpuBefore = cpuNanos();
                long queries = run(conn, callers, each);
                double cpuMicrosPerQuery = (cpuNanos() - cpuBefore) / 1000.0 / queries;
                System.out.printf("callers=%d queries=%d queries/s=%.0f client-cpu-us/query=%.1f%n", callers, queries,
                        queries / (each.toMillis() / 1000.0), cpuMicrosPerQuery);
            }
            conn.execute("DROP TABLE bench_world");
        }
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static long run(PgConnection conn, int callers, Duration duration) throws InterruptedException {
        var done = new LongAdder();
        long end = System.nanoTime() + duration.toNanos();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                var random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    int id = random.nextInt(1, 10_001);
                    Integer n = conn.queryValue(Integer.class, "SELECT randomnumber FROM bench_world WHERE id = $1", id);
                    if (n == null) {
                        throw new IllegalStateException("row " + id + " missing");
                    }
                    done.increment();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.sum();
    }
}
