package dev.weft.pg.bench;

import dev.weft.pg.PgConnection;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

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
        Duration each = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        try (var conn = PgConnection.connect(Load.dsn(args))) {
            conn.execute("DROP TABLE IF EXISTS bench_world; "
                    + "CREATE TABLE bench_world(id int PRIMARY KEY, randomnumber int NOT NULL); "
                    + "INSERT INTO bench_world SELECT i, (random() * 10000)::int FROM generate_series(1, 10000) i");
            Runnable pointQuery = () -> {
                int id = ThreadLocalRandom.current().nextInt(1, 10_001);
                if (conn.queryValue(Integer.class, "SELECT randomnumber FROM bench_world WHERE id = $1", id) == null) {
                    throw new IllegalStateException("row " + id + " missing");
                }
            };
            Load.repeat(1, Duration.ofSeconds(2), pointQuery);
            for (int callers : new int[]{1, 32}) {
                Load.measure("", callers, each, pointQuery);
            }
            conn.execute("DROP TABLE bench_world");
        }
    }
}
