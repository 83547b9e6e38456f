package dev.weft.bench.pg;

import java.util.Locale;

/**
 * One PostgreSQL client configuration under load: it hands each worker thread a {@link Session}, and
 * sessions run the two workloads. Implementations open their connections up front so that connecting
 * is never measured. A client is shared by all workers; each session is used by one worker only.
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
        /** Weft {@code PgPool} with {@code Sharing.PIPELINED} over two connections. */
        WEFT_POOL_PIPELINED,
        /** pgjdbc, one {@code java.sql.Connection} per worker with its statements prepared once. */
        PGJDBC;

        /** Parses {@code weft-conn}, {@code weft-shared}, {@code weft-pool}, {@code weft-pool-pipelined} or {@code pgjdbc}. */
        static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown client '" + name
                        + "', expected weft-conn, weft-shared, weft-pool, weft-pool-pipelined or pgjdbc", e);
            }
        }

        /** The command-line name. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Opens a client of {@code kind} for {@code uri} ready for {@code workers} concurrent sessions. */
    static PgClient open(Kind kind, String uri, int workers) {
        return switch (kind) {
            case WEFT_CONN -> WeftClients.perWorker(uri);
            case WEFT_SHARED -> WeftClients.shared(uri);
            case WEFT_POOL -> WeftClients.pool(uri, workers, false);
            case WEFT_POOL_PIPELINED -> WeftClients.pool(uri, 2, true);
            case PGJDBC -> JdbcClient.open(uri);
        };
    }

    /** A session for one worker; opens its own connection when the configuration has one per worker. */
    Session session();

    /** Closes what the client opened (sessions are closed first by the caller). */
    @Override
    void close();

    /** One worker's handle on the database. */
    interface Session extends AutoCloseable {
        /** Runs the point query for {@code id} and returns {@code randomnumber}. */
        int pointQuery(int id);

        /** Reads every row of {@code mixed}, touching every column, and returns the number of rows. */
        int readMixed();

        @Override
        void close();
    }
}
