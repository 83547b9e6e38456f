package dev.weft.pg.bench;

import dev.weft.pg.pool.PgPool;
import dev.weft.pg.pool.Sharing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A load program, not a test: pool point-query throughput ({@code SELECT $1::int}) with 10 and 256
 * concurrent virtual threads through a pool of 10, exclusive vs pipelined sharing, each for a fixed
 * time; prints queries per second and the client's CPU time per query (this JVM's CPU, so the server
 * is not counted).
 *
 * <p>Without a DSN argument it starts the embedded server ({@code EmbeddedPostgres.shared()}).
 *
 * <pre>
 * ./weft mvn -q -pl weft-pg test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp weft-pg/target/classes:weft-pg/target/test-classes:$(cat weft-pg/target/cp.txt) \
 *     dev.weft.pg.bench.PoolPointQueryLoad [DSN] [seconds]
 * </pre>
 */
public final class PoolPointQueryLoad {
    private static final int POOL_SIZE = 10;

    private PoolPointQueryLoad() {
    }

    public static void main(String[] args) throws Exception {
        String dsn = Load.dsn(args);
        Duration each = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        for (Sharing sharing : Sharing.values()) {
            try (var pool = PgPool.open(dsn, cfg -> cfg.minSize(POOL_SIZE).maxSize(POOL_SIZE).sharing(sharing))) {
                Runnable echo = () -> {
                    int n = ThreadLocalRandom.current().nextInt(1, 1_000_000);
                    Integer back = pool.queryValue(Integer.class, "SELECT $1::int", n);
                    if (back == null || back != n) {
                        throw new IllegalStateException("sent " + n + ", got " + back);
                    }
                };
                Load.repeat(64, Duration.ofSeconds(2), echo); // warm-up: JIT, statement caches
                for (int callers : new int[]{10, 256}) {
                    Load.measure("sharing=" + sharing + " ", callers, each, echo);
                }
            }
        }
    }
}
