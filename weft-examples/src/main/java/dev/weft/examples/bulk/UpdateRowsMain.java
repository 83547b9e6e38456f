package dev.weft.examples.bulk;

import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.pg.PgConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs {@link RowUpdates} each way on 1,000 rows (or the count given as the first argument) and prints
 * how long each took. Uses {@code DATABASE_URL} when set, otherwise an embedded PostgreSQL.
 */
public final class UpdateRowsMain {
    private UpdateRowsMain() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        String url = System.getenv("DATABASE_URL");
        EmbeddedPostgres embedded = url == null ? EmbeddedPostgres.builder().start() : null;
        try (PgConnection conn = PgConnection.connect(url != null ? url : embedded.uri("postgres", null, "postgres"))) {
            RowUpdates.createItems(conn, count);
            for (RowUpdates.Way way : RowUpdates.Way.values()) {
                Map<Integer, Integer> changes = new LinkedHashMap<>();
                for (int id = 1; id <= count; id++) {
                    changes.put(id, ThreadLocalRandom.current().nextInt(1_000_000));
                }
                long start = System.nanoTime();
                way.apply(conn, changes);
                System.out.printf("%-12s %,d rows in %,.1f ms%n", way, count, (System.nanoTime() - start) / 1e6);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
