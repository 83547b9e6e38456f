package dev.weft.bench.pg;

import dev.weft.bench.Result;
import dev.weft.core.Task;
import dev.weft.core.TaskGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Command-line entry of the PostgreSQL benchmark: {@code workers} virtual threads run one workload
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

    /** {@code CLIENT point|rows URI SECONDS WORKERS WARMUP_SECONDS}. */
    public static void main(String[] args) {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: PgBenchMain weft-conn|weft-shared|weft-pool|weft-pool-pipelined|pgjdbc"
                    + " point|rows URI SECONDS WORKERS WARMUP_SECONDS");
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
            var sessions = new ArrayList<PgClient.Session>();
            try {
                for (int i = 0; i < workers; i++) {
                    sessions.add(client.session());
                }
                drive(sessions, rows, warmup);
                long cpu0 = Result.processCpuNanos();
                long t0 = System.nanoTime();
                long operations = drive(sessions, rows, measured);
                var result = new Result(kind.label() + "-" + args[1], operations, System.nanoTime() - t0,
                        Result.processCpuNanos() - cpu0);
                System.out.println(result.line());
            } finally {
                sessions.forEach(PgClient.Session::close);
            }
        }
    }

    /** Runs every session on its own virtual thread until {@code duration} passes; returns operations done. */
    private static long drive(List<PgClient.Session> sessions, boolean rows, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        var tasks = new ArrayList<Task<Long>>();
        try (var group = TaskGroup.open()) {
            for (var session : sessions) {
                tasks.add(group.spawn(() -> {
                    var random = ThreadLocalRandom.current();
                    long done = 0;
                    while (System.nanoTime() < end) {
                        done += rows ? session.readMixed() : pointQuery(session, random);
                    }
                    return done;
                }));
            }
        }
        return tasks.stream().mapToLong(Task::join).sum();
    }

    private static int pointQuery(PgClient.Session session, ThreadLocalRandom random) {
        int value = session.pointQuery(random.nextInt(1, BenchDatabase.WORLD_ROWS + 1));
        if (value <= 0) {
            throw new IllegalStateException(String.format(Locale.ROOT, "randomnumber %d out of range", value));
        }
        return 1;
    }
}
