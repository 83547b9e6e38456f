package dev.weft.examples.bulk;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.pg.PgConnection;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs {@link RowUpdates} each way on 1,000 rows (or the count given as the first argument) and prints
 * how long each took. Uses {@code DATABASE_URL} when set, otherwise an embedded PostgreSQL. It works in
 * schema {@value #SCHEMA} (created when missing), where it drops and re-creates table {@code items} on
 * every run; nothing outside that schema is touched. Exits 2 on a bad argument.
 */
public final class UpdateRowsMain {
    /** The schema the example creates and works in. */
    public static final String SCHEMA = "weft_bulk";
    static final String USAGE = "usage: bulk.UpdateRowsMain [ROWS]   (ROWS: 1 to 10000000, default 1000)";

    private UpdateRowsMain() {
    }

    public static void main(String[] args) {
        int count;
        try {
            count = rows(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String url = System.getenv("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            run(url, count, System.out);
            return;
        }
        try (EmbeddedPostgres embedded = EmbeddedPostgres.builder().start()) {
            run(embedded.uri("postgres", null, "postgres"), count, System.out);
        }
    }

    /** Creates schema {@value #SCHEMA} if needed, fills its table {@code items} and times each way. */
    static void run(String url, int count, PrintStream out) {
        try (PgConnection conn = PgConnection.connect(url)) {
            conn.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA + "; SET search_path TO " + SCHEMA);
            out.println("Working in schema " + SCHEMA + ": table items (" + count + " rows) is dropped and re-created.");
            RowUpdates.createItems(conn, count);
            for (RowUpdates.Way way : RowUpdates.Way.values()) {
                Map<Integer, Integer> changes = new LinkedHashMap<>();
                for (int id = 1; id <= count; id++) {
                    changes.put(id, ThreadLocalRandom.current().nextInt(1_000_000));
                }
                long start = System.nanoTime();
                way.apply(conn, changes);
                out.printf("%-12s %,d rows in %,.1f ms%n", way, count, (System.nanoTime() - start) / 1e6);
            }
        }
    }

    static int rows(String[] args) {
        if (args.length == 0) {
            return 1_000;
        }
        if (args.length > 1) {
            throw new IllegalArgumentException("too many arguments\n" + USAGE);
        }
        try {
            int count = Integer.parseInt(args[0]);
            if (count >= 1 && count <= 10_000_000) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below with the usage
        }
        throw new IllegalArgumentException("not a row count: " + args[0] + "\n" + USAGE);
    }
}
