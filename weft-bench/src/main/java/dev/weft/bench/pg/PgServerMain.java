package dev.weft.bench.pg;

import dev.weft.embeddedpg.AuthMethod;
import dev.weft.embeddedpg.EmbeddedPostgres;

import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry that starts the benchmark's PostgreSQL (weft-embedded-pg, TLS off, SCRAM user
 * {@code bench}), creates and fills the {@code world} and {@code mixed} tables, prints
 * {@code URI postgresql://bench:bench@127.0.0.1:<port>/bench} and serves until the process is killed.
 * {@code pg-bench.sh} runs it pinned to the server core; the postgres processes inherit the pinning.
 *
 * {@snippet lang=sh :
 * taskset -c 0 java -cp "$CP" dev.weft.bench.pg.PgServerMain
 * }
 */
public final class PgServerMain {
    private PgServerMain() {
    }

    /** Starts the server and blocks; arguments are ignored. */
    public static void main(String[] args) throws InterruptedException {
        var pg = EmbeddedPostgres.builder()
                .tls(false)
                .user(BenchDatabase.USER, BenchDatabase.PASSWORD, AuthMethod.SCRAM_SHA_256)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        pg.createDatabase(BenchDatabase.DATABASE);
        pg.execute(BenchDatabase.DATABASE, "ALTER DATABASE " + BenchDatabase.DATABASE + " OWNER TO " + BenchDatabase.USER);
        pg.execute(BenchDatabase.DATABASE, "SET ROLE " + BenchDatabase.USER + ";" + BenchDatabase.SCHEMA);
        System.out.println("SERVER PostgreSQL " + pg.serverVersion() + " log " + pg.logFile());
        System.out.println("URI " + pg.uri(BenchDatabase.USER, BenchDatabase.PASSWORD, BenchDatabase.DATABASE));
        new CountDownLatch(1).await();
    }
}
