package dev.weft.examples.db;

import dev.weft.http.server.Middleware;
import dev.weft.http.server.Response;
import dev.weft.pg.PgException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A middleware that answers 503 with {@code Retry-After} while the database cannot be reached: its
 * sessions were terminated, it is shutting down or starting up, it refuses connections, or the pool
 * waited too long for one. Any other failure passes on (a 500 stays a 500). Nothing has to be reset
 * when the database comes back: the pool replaces broken connections by itself, so the first request
 * after the outage is served normally. Thread-safe.
 *
 * {@snippet :
 * app.use(Middlewares.errors());
 * metrics.mountOn(app);                       // a middleware that turns failures into responses, too
 * app.use(DatabaseOutage.middleware());       // innermost: it must see the failure itself
 * }
 */
public final class DatabaseOutage {
    /** What clients are told to wait before retrying, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger("dev.weft.examples");
    /** admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now, too_many_connections. */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseOutage() {
    }

    /** The middleware; see the class comment. */
    public static Middleware middleware() {
        return (request, next) -> {
            try {
                return next.handle(request);
            } catch (Exception e) {
                PgException outage = outage(e);
                if (outage == null) {
                    throw e;
                }
                // One line, not a stack trace: an outage is an operational state, and every request shows it.
                LOG.log(Level.WARNING, "database unavailable for " + request.method() + " " + request.rawPath()
                        + ": " + outage.getMessage());
                return response(request.rawPath());
            }
        };
    }

    /** The 503 answer, as {@code application/problem+json} like weft-http's other errors. */
    public static Response response(String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Service Unavailable");
        problem.put("status", 503);
        problem.put("detail", "the database is unavailable; retry in " + RETRY_AFTER_SECONDS + " s");
        problem.put("instance", instance);
        return Response.json(503, problem).contentType("application/problem+json")
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    /** The error in {@code failure}'s causes that says the database is unavailable, or null. */
    static PgException outage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && isOutage(pg.sqlState())) {
                return pg;
            }
        }
        return null;
    }

    /** Class 08 (connection exception) but a protocol violation, which is a bug and not an outage; and {@link #UNAVAILABLE}. */
    private static boolean isOutage(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") && !sqlState.equals("08P01") || UNAVAILABLE.contains(sqlState));
    }
}
