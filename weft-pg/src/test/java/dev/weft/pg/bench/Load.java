package dev.weft.pg.bench;

import dev.weft.embeddedpg.EmbeddedPostgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.LongAdder;

/** What the load programs share: the DSN argument, this JVM's CPU time, and N virtual threads repeating one call. */
final class Load {
    private Load() {
    }

    /** The DSN given as the first argument, or the embedded server's. */
    static String dsn(String[] args) {
        return args.length > 0 && !args[0].isEmpty() ? args[0]
                : EmbeddedPostgres.shared().uri("postgres", null, "postgres") + "?sslmode=disable";
    }

    /** This process's CPU time (the embedded server is another process, so this is the client's cost). */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** Runs {@code call} in a loop on {@code callers} virtual threads for {@code duration}; returns how many calls ended. */
    static long repeat(int callers, Duration duration, Runnable call) throws InterruptedException {
        var done = new LongAdder();
        long end = System.nanoTime() + duration.toNanos();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    call.run();
                    done.increment();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.sum();
    }

    /** Runs {@code call} as {@link #repeat} does and prints queries per second and client CPU per query after {@code label}. */
    static void measure(String label, int callers, Duration duration, Runnable call) throws InterruptedException {
        long cpuBefore = cpuNanos();
        long queries = repeat(callers, duration, call);
        double cpuMicros = (cpuNanos() - cpuBefore) / 1000.0 / queries;
        System.out.printf("%scallers=%d queries=%d queries/s=%.0f client-cpu-us/query=%.1f%n", label, callers, queries,
                queries / (duration.toMillis() / 1000.0), cpuMicros);
    }
}
