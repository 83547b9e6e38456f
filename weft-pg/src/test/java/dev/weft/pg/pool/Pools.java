package dev.weft.pg.pool;

import dev.weft.embeddedpg.TestDatabase;
import dev.weft.pg.PgConnectOptions;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Opens pools on the test database (plain TCP, a distinct application_name per pool) and counts their backends. */
final class Pools {
    private Pools() {
    }

    static String dsn(TestDatabase db, String applicationName) {
        return db.uri("postgres", null) + "?sslmode=disable&application_name=" + applicationName;
    }

    static PgPool open(TestDatabase db, String applicationName, Consumer<PgPoolConfig.Builder> configure) {
        return PgPool.open(PgConnectOptions.parse(dsn(db, applicationName)).toBuilder().passFile(null).build(), configure);
    }

    /** Backends the server shows for {@code applicationName}, as seen by the superuser. */
    static int backends(TestDatabase db, String applicationName) {
        List<List<String>> rows = db.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'");
        return Integer.parseInt(rows.getFirst().getFirst());
    }

    /** The suite's leak check: once a test closed its pools, no session is left on the test database but the checker's own. */
    static boolean noBackendsLeft(TestDatabase db) {
        return eventually(Duration.ofSeconds(10), () -> Integer.parseInt(db.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
                .getFirst().getFirst()) == 0);
    }

    static void terminateBackend(TestDatabase db, int pid) {
        db.query("SELECT pg_terminate_backend(" + pid + ")");
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
