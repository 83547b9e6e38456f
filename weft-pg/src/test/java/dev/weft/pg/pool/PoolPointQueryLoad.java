package dev.weft.pg.pool;

import dev.weft.embeddedpg.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load program, not a test: pool point-query throughput ({@code SELECT $1::int}) with 10 and 256
 * concurrent virtual threads through a pool of 10, exclusive vs pipelined sharing, each for a fixed
 * time; prints queries per second and the client's CPU time per query (this JVM's CPU, so the server
 * is not counted).
 *
 * <p>Without a DSN argument it starts the embedded server ({@code EmbeddedPostgres.shared()}).
 *
 * <pre>
 * ./weft mvn -q -pl weft-pg -am test-compile
 * ./weft mvn -q -pl weft-pg dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp weft-pg/target/classes:weft-pg/target/test-classes:$(cat weft-pg/target/cp.txt) \
 *     dev.weft.pg.pool.PoolPointQueryLoad [DSN] [seconds]
 * </pre>
 */
public final class PoolPointQueryLoad {
    private static final int POOL_SIZE = 10;

    private PoolPointQueryLoad() {
    }

    public static void main(String[] args) throws Exception {
        String dsn = args.length > 0 && !args[0].isEmpty() ? args[0]
                : EmbeddedPostgres.shared().uri("postgres", null, "postgres") + "?sslmode=disable";
        Duration each = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        for (Sharing sharing : Sharing.values()) {
            try (var pool = PgPool.open(dsn, cfg -> cfg.minSize(POOL_SIZE).maxSize(POOL_SIZE).sharing(sharing))) {
                run(pool, 64, Duration.ofSeconds(2)); // warm-up: JIT, statement caches
                for (int callers : new int[]{10, 256}) {
                    long cpuBefore = cpuNanos();
                    long queries = run(pool, callers, each);
                    double cpuMicros = (cpuNanos() - cpuBefore) / 1000.0 / queries;
                    System.out.printf("sharing=%s callers=%d queries=%d queries/s=%.0f client-cpu-us/query=%.1f%n",
                            sharing, callers, queries, queries / (each.toMillis() / 1000.0), cpuMicros);
                }
            }
        }
    }

    /** This process's user + system CPU time from /proc (Linux; clock ticks of 10 ms), without java.management. */
    private static long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15 of stat)
        return ticks * 10_000_000L;
    }

    private static long run(PgPool pool, int callers, Duration duration) throws InterruptedException {
        var done = new LongAdder();
        long end = System.nanoTime() + duration.toNanos();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                var random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    int n = random.nextInt(1, 1_000_000);
                    Integer back = pool.queryValue(Integer.class, "SELECT $1::int", n);
                    if (back == null || back != n) {
                        throw new IllegalStateException("sent " + n + ", got " + back);
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
