package dev.weft.bench.pg;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * One PostgreSQL client configuration under load: {@code workers} concurrent callers, each issuing its
 * next query as soon as its previous one answered. Implementations connect in {@link #open} so that
 * connecting is never measured. Used by one driving thread at a time.
 */
interface PgClient extends AutoCloseable {

    /** The client configurations this harness knows, by command-line name. */
    enum Kind {
        /** Weft {@code PgConnection}, one per worker. */
        WEFT_CONN,
        /** One Weft {@code PgConnection} shared by every worker: the driver pipelines their queries. */
        WEFT_SHARED,
        /** Weft {@code PgPool}, exclusive sharing, as many connections as workers. */
        WEFT_POOL,
        /** Weft {@code PgPool} with {@code Sharing.PIPELINED} over {@value #PIPELINED_CONNECTIONS} connections. */
        WEFT_POOL_PIPELINED,
        /** pgjdbc, one {@code java.sql.Connection} per worker with its statements prepared once; virtual threads. */
        PGJDBC,
        /** The same pgjdbc setup driven by platform threads, the thread-per-request style it is usually run in. */
        PGJDBC_THREADS,
        /** vertx-pg-client {@code Pool}, as many connections as workers, each query on its own connection. */
        VERTX_POOL,
        /** vertx-pg-client pipelined {@code SqlClient} over {@value #PIPELINED_CONNECTIONS} connections. */
        VERTX_POOL_PIPELINED;

        /** Connections of the pipelined pools: one per core of the two-core machine. */
        static final int PIPELINED_CONNECTIONS = 2;

        /** Parses a command-line name such as {@code weft-shared} or {@code pgjdbc}. */
        static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown client '" + name + "', expected one of "
                        + Arrays.stream(values()).map(Kind::label).toList(), e);
            }
        }

        /** The command-line name. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Opens a client of {@code kind} for {@code uri}, connected and ready for {@code workers} callers. */
    static PgClient open(Kind kind, String uri, int workers) {
        return switch (kind) {
            case WEFT_CONN -> WeftClients.perWorker(uri, workers);
            case WEFT_SHARED -> WeftClients.shared(uri, workers);
            case WEFT_POOL -> WeftClients.pool(uri, workers, workers, false);
            case WEFT_POOL_PIPELINED -> WeftClients.pool(uri, workers, Kind.PIPELINED_CONNECTIONS, true);
            case PGJDBC -> JdbcClient.open(uri, workers, Thread.ofVirtual().factory());
            case PGJDBC_THREADS -> JdbcClient.open(uri, workers, Thread.ofPlatform().factory());
            case VERTX_POOL -> VertxPgClient.open(uri, workers, workers, false);
            case VERTX_POOL_PIPELINED -> VertxPgClient.open(uri, workers, Kind.PIPELINED_CONNECTIONS, true);
        };
    }

    /**
     * Runs the point query ({@code rows} false; counts queries) or reads the mixed table ({@code rows}
     * true; counts rows) from every worker until {@code duration} has passed; returns the count.
     */
    long run(boolean rows, Duration duration);

    /** Closes every connection the client opened. */
    @Override
    void close();
}
