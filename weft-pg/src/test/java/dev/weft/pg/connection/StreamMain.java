package dev.weft.pg.connection;

import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgConnection;
import dev.weft.pg.RowStream;
import dev.weft.pg.SslMode;

/**
 * Run in a child JVM with a small heap by {@link StreamTest}: streams {@code args[1]} rows of
 * {@code generate_series} from the database at URI {@code args[0]} and prints how many arrived and their sum.
 */
public final class StreamMain {
    private StreamMain() {
    }

    public static void main(String[] args) {
        var options = PgConnectOptions.parse(args[0]).toBuilder().sslMode(SslMode.DISABLE).passFile(null).build();
        long wanted = Long.parseLong(args[1]);
        long count = 0;
        long sum = 0;
        try (PgConnection conn = PgConnection.connect(options);
             RowStream rows = conn.stream("SELECT i, 'row number ' || i FROM generate_series(1, $1::bigint) i", 10_000, wanted)) {
            while (rows.hasNext()) {
                var row = rows.next();
                count++;
                sum += row.getLong(0);
            }
        }
        System.out.println(count + " " + sum);
    }
}
