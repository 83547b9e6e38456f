package dev.weft.pg.connection;

import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.RowStream;
import dev.weft.pg.SslMode;

import java.util.List;
import java.util.stream.LongStream;

/**
 * Run in a child JVM with a small heap by {@link StreamTest}: streams {@code args[1]} rows of
 * {@code generate_series} from the database at URI {@code args[0]}, then copies {@code args[2]} generated
 * rows in with binary COPY and reads them back with {@code copyOutRows}; prints the counts and the sum.
 */
public final class StreamMain {
    private StreamMain() {
    }

    public static void main(String[] args) {
        var options = PgConnectOptions.parse(args[0]).toBuilder().sslMode(SslMode.DISABLE).passFile(null).build();
        long streamRows = Long.parseLong(args[1]);
        int copyRows = Integer.parseInt(args[2]);
        try (PgConnection conn = PgConnection.connect(options)) {
            long count = 0;
            long sum = 0;
            try (RowStream rows = conn.stream("SELECT i, 'row number ' || i FROM generate_series(1, $1::bigint) i", 10_000, streamRows)) {
                while (rows.hasNext()) {
                    count++;
                    sum += rows.next().getLong(0);
                }
            }
            conn.execute("DROP TABLE IF EXISTS big_copy; CREATE UNLOGGED TABLE big_copy(id bigint, label text)");
            long copiedIn = conn.copyIn("big_copy", List.of("id", "label"),
                    LongStream.range(0, copyRows).<Object>mapToObj(i -> new Object[]{i, "copied row " + i}).iterator());
            long copiedOut = 0;
            try (RowStream rows = conn.copyOutRows("SELECT id, label FROM big_copy")) {
                while (rows.hasNext()) {
                    rows.next();
                    copiedOut++;
                }
            }
            conn.execute("DROP TABLE big_copy");
            System.out.println("stream=" + count + " sum=" + sum + " copyIn=" + copiedIn + " copyOutRows=" + copiedOut);
        }
    }
}
