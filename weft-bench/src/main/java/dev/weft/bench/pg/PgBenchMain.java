package dev.weft.bench.pg;

import dev.weft.bench.Result;

import java.time.Duration;

/**
 * Command-line entry of the PostgreSQL benchmark: {@code workers} concurrent callers run one workload
 * through one client configuration for a fixed time, after a warm-up of the same shape, and the program
 * prints a {@link Result} line with operations per second and this process's CPU time per operation
 * (the server is another process, so that is the client's own cost). Operations are queries for
 * {@code point} and rows for {@code rows}.
 *
 * {@snippet lang=sh :
 * taskset -c 1 java -cp "$CP" dev.weft.bench.pg.PgBenchMain weft-shared point "$URI" 10 10 5
 * }
 */
public final class PgBenchMain {
    private PgBenchMain() {
    }

    /** {@code CLIENT point|rows URI SECONDS WORKERS WARMUP_SECONDS}; see {@link PgClient.Kind} for clients. */
    public static void main(String[] args) {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: PgBenchMain CLIENT point|rows URI SECONDS WORKERS WARMUP_SECONDS");
        }
        var kind = PgClient.Kind.parse(args[0]);
        boolean rows = switch (args[1]) {
            case "point" -> false;
            case "rows" -> true;
            default -> throw new IllegalArgumentException("unknown workload '" + args[1] + "', expected point or rows");
        };
        var measured = Duration.ofSeconds(Long.parseLong(args[3]));
        int workers = Integer.parseInt(args[4]);
        var warmup = Duration.ofSeconds(Long.parseLong(args[5]));
        if (workers <= 0) {
            throw new IllegalArgumentException("workers <= 0: " + workers);
        }
        try (var client = PgClient.open(kind, args[2], workers)) {
            client.run(rows, warmup);
            long cpu0 = Result.processCpuNanos();
            long t0 = System.nanoTime();
            long operations = client.run(rows, measured);
            System.out.println(new Result(kind.label() + "-" + args[1], operations, System.nanoTime() - t0,
                    Result.processCpuNanos() - cpu0).line());
        }
    }
}
