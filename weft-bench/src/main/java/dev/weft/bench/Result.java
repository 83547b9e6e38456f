package dev.weft.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * One measured run of a load generator: how many operations it completed in how much wall-clock time,
 * and how much CPU time its own process spent doing it. Immutable, so thread-safe.
 *
 * <p>The scripts under {@code weft-bench/scripts/} parse {@link #line()}; the Python peers print the
 * same line, so every client is read by the same code.
 *
 * {@snippet :
 * long cpu0 = Result.processCpuNanos(), t0 = System.nanoTime();
 * long ops = runWorkload();
 * System.out.println(new Result("pgjdbc", ops, System.nanoTime() - t0, Result.processCpuNanos() - cpu0).line());
 * }
 *
 * @param name       which client and workload, one word (no spaces)
 * @param operations operations completed (queries, requests or rows)
 * @param wallNanos  wall-clock time of the measured window
 * @param cpuNanos   CPU time (user + system) the client process spent in that window
 */
public record Result(String name, long operations, long wallNanos, long cpuNanos) {

    /** Validates that the name is one word and the counts are sensible. */
    public Result {
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("name must be one non-blank word: '" + name + "'");
        }
        if (operations < 0) {
            throw new IllegalArgumentException("operations < 0: " + operations);
        }
        if (wallNanos <= 0) {
            throw new IllegalArgumentException("wallNanos <= 0: " + wallNanos);
        }
        if (cpuNanos < 0) {
            throw new IllegalArgumentException("cpuNanos < 0: " + cpuNanos);
        }
    }

    /** CPU time (user + system) this JVM process has used so far, in nanoseconds. */
    public static long processCpuNanos() {
        // HotSpot counts this in clock ticks (10 ms on Linux): negligible over runs of seconds, which is
        // why every harness measures whole seconds, never single operations.
        long nanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        if (nanos < 0) {
            throw new IllegalStateException("this OS does not report process CPU time");
        }
        return nanos;
    }

    /** Operations per second of wall-clock time. */
    public double perSecond() {
        return operations * 1e9 / wallNanos;
    }

    /** Client CPU nanoseconds per operation (NaN when nothing completed). */
    public double cpuNanosPerOperation() {
        return operations == 0 ? Double.NaN : (double) cpuNanos / operations;
    }

    /** The machine-read line: {@code RESULT <name> ops=<n> seconds=<s> per_s=<r> cpu_ns_per_op=<c>}. */
    public String line() {
        return String.format(Locale.ROOT, "RESULT %s ops=%d seconds=%.3f per_s=%.1f cpu_ns_per_op=%.1f",
                name, operations, wallNanos / 1e9, perSecond(), cpuNanosPerOperation());
    }
}
