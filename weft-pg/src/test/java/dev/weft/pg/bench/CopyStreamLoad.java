package dev.weft.pg.bench;

import dev.weft.pg.PgConnection;
import dev.weft.pg.RowStream;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.stream.IntStream;

/**
 * A load program, not a test: binary COPY of 1,000,000 rows (int, text, timestamptz) into an unlogged
 * table, then reading them back with {@code stream()} (a portal, 10,000 rows per fetch) and with
 * {@code copyOutRows()}; three rounds, prints seconds, rows/s and this JVM's CPU time per row (the
 * server is a separate process, so that is the client's cost).
 *
 * <p>Without a DSN argument it starts the embedded server ({@code EmbeddedPostgres.shared()}).
 *
 * <pre>
 * ./weft mvn -q -pl weft-pg test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp weft-pg/target/classes:weft-pg/target/test-classes:$(cat weft-pg/target/cp.txt) \
 *     dev.weft.pg.bench.CopyStreamLoad [DSN] [rows]
 * </pre>
 */
public final class CopyStreamLoad {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private CopyStreamLoad() {
    }

    record Reading(int id, String label, Instant at) {
    }

    public static void main(String[] args) {
        String dsn = Load.dsn(args);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        try (var conn = PgConnection.connect(dsn)) {
            conn.execute("DROP TABLE IF EXISTS bench_copy; CREATE UNLOGGED TABLE bench_copy(id int, label text, at timestamptz)");
            for (int round = 1; round <= 3; round++) {
                conn.execute("TRUNCATE bench_copy");
                Iterator<Reading> source = IntStream.range(0, rows)
                        .mapToObj(i -> new Reading(i, "reading number " + i, T0.plus(i, ChronoUnit.MILLIS))).iterator();
                long copied = measure("copyIn", rows, () -> conn.copyIn("bench_copy", java.util.List.of("id", "label", "at"), source));
                check(copied, rows);
                long streamed = measure("stream", rows, () -> {
                    try (RowStream stream = conn.stream("SELECT id, label, at FROM bench_copy", 10_000)) {
                        return drain(stream);
                    }
                });
                check(streamed, rows);
                long copiedOut = measure("copyOutRows", rows, () -> {
                    try (RowStream stream = conn.copyOutRows("SELECT id, label, at FROM bench_copy")) {
                        return drain(stream);
                    }
                });
                check(copiedOut, rows);
            }
            conn.execute("DROP TABLE bench_copy");
        }
    }

    private static long drain(RowStream stream) {
        long n = 0;
        while (stream.hasNext()) {
            var row = stream.next();
            if (row.getInt(0) >= 0 && row.getString(1) != null && row.get(2, Instant.class) != null) {
                n++;
            }
        }
        return n;
    }

    private static void check(long got, int wanted) {
        if (got != wanted) {
            throw new IllegalStateException("expected " + wanted + " rows, got " + got);
        }
    }

    private static long measure(String what, int rows, java.util.function.LongSupplier body) {
        long cpuBefore = Load.cpuNanos();
        long start = System.nanoTime();
        long result = body.getAsLong();
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = Load.cpuNanos() - cpuBefore;
        System.out.printf("%-12s rows=%d seconds=%.3f rows/s=%.0f client-cpu-ns/row=%.0f%n", what, rows, seconds, rows / seconds,
                (double) cpu / rows);
        return result;
    }
}
