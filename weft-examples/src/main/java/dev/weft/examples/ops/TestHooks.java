package dev.weft.examples.ops;

import dev.weft.http.server.BadRequest;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import dev.weft.pg.pool.PgPool;
import java.util.function.Supplier;

/**
 * Routes for end-to-end tests of the demo's operations, mounted only when the environment variable
 * {@value #ENABLE} is {@code 1}: {@code GET /test/sleep?seconds=N} holds a pooled connection in
 * {@code pg_sleep(N)} (0 to 60), so a test can have a request in flight that needs the database while
 * it stops the service. Never mount them in production: they let anyone hold a connection.
 *
 * {@snippet :
 * if ("1".equals(System.getenv(TestHooks.ENABLE))) {
 *     TestHooks.mount(app, pool::get);
 * }
 * }
 */
public final class TestHooks {
    /** The environment variable that mounts the routes. */
    public static final String ENABLE = "WEFT_DEMO_TEST_HOOKS";
    private static final System.Logger LOG = System.getLogger("dev.weft.examples");

    private TestHooks() {
    }

    /** Adds the test routes to {@code app}. */
    public static void mount(WebApp app, Supplier<PgPool> pool) {
        app.get("/test/sleep", request -> sleep(request, pool.get()));
    }

    private static Response sleep(Request request, PgPool pool) {
        double seconds;
        try {
            seconds = Double.parseDouble(request.queryParam("seconds"));
        } catch (NullPointerException | NumberFormatException e) {
            throw new BadRequest("seconds must be a number from 0 to 60");
        }
        if (!(seconds >= 0 && seconds <= 60)) {
            throw new BadRequest("seconds must be a number from 0 to 60");
        }
        LOG.log(System.Logger.Level.INFO, "test hook: holding a connection in pg_sleep(" + seconds + ")");
        pool.execute("SELECT pg_sleep($1)", seconds);
        return Response.text("slept " + seconds + " s in the database\n");
    }
}
