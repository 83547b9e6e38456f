package dev.weft.examples.ops;

import dev.weft.core.Deadline;
import dev.weft.examples.db.DatabaseOutage;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.pg.migrate.Migration;
import dev.weft.pg.migrate.Migrations;
import dev.weft.pg.pool.PgPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The probes a load balancer or an orchestrator asks: {@code /health} (liveness: 200 while the process
 * serves requests, whatever the database does, so that a database outage never gets the service
 * restarted) and {@code /ready} (readiness: 200 only when the database answers within a bound and every
 * migration is applied; else 503 with {@code Retry-After}, so traffic goes elsewhere meanwhile).
 * Thread-safe.
 *
 * {@snippet :
 * var probes = new Probes(pool::get, DemoSchema.MIGRATIONS, Duration.ofSeconds(2));
 * app.get("/health", probes::health).get("/ready", probes::ready);
 * }
 */
public final class Probes {
    private final Supplier<PgPool> pool;
    private final Migrations migrations;
    private final Duration timeout;

    /** Probes of the pool {@code pool} supplies (null before start-up), each database check bounded by {@code timeout}. */
    public Probes(Supplier<PgPool> pool, Migrations migrations, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + timeout);
        }
        this.pool = pool;
        this.migrations = migrations;
        this.timeout = timeout;
    }

    /** Liveness: always 200 while requests are served. */
    public Response health(Request request) {
        return Response.json(Map.of("status", "ok"));
    }

    /** Readiness: 200 when the database answers and nothing is pending, else 503 saying which. */
    public Response ready(Request request) {
        PgPool opened = pool.get();
        if (opened == null) {
            return notReady("the database pool is not open");
        }
        List<Migration> pending;
        try {
            pending = Deadline.within(timeout, () -> migrations.pending(opened));
        } catch (RuntimeException e) {
            return notReady("the database did not answer within " + timeout.toMillis() + " ms: " + e.getMessage());
        }
        if (!pending.isEmpty()) {
            return notReady("migrations not applied: " + pending.stream().map(Migration::script).toList());
        }
        return Response.json(Map.of("status", "ready", "database", "ok", "migrations", migrations.migrations().size()));
    }

    private static Response notReady(String why) {
        return Response.json(503, Map.of("status", "unavailable", "reason", why))
                .header("Retry-After", Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
    }
}
