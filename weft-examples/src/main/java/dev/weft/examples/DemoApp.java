package dev.weft.examples;

import dev.weft.api.Api;
import dev.weft.examples.db.DatabaseOutage;
import dev.weft.examples.db.DemoSchema;
import dev.weft.examples.db.Transactions;
import dev.weft.examples.echo.EchoSocket;
import dev.weft.examples.ops.Probes;
import dev.weft.examples.ops.TestHooks;
import dev.weft.examples.users.UserStore;
import dev.weft.examples.users.UsersApi;
import dev.weft.http.server.Middlewares;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import dev.weft.pg.PgConnection;
import dev.weft.pg.pool.PgPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo service: the users API on PostgreSQL (typed and validated with weft-api, documented at
 * {@code /docs} and {@code /openapi.json}), a WebSocket echo at {@code /ws}, a page at {@code /} to try
 * them from a browser, and the probes {@code /health} and {@code /ready}. The connection pool is opened
 * (and the schema migrated, see {@link DemoSchema}) by a startup hook and closed at cleanup, after the
 * server has drained its requests; each API request runs in a transaction of its own. While the
 * database is unavailable, requests that need it answer 503 with {@code Retry-After}.
 *
 * {@snippet :
 * try (var server = HttpServer.start(DemoApp.create("postgresql://app:secret@localhost/app"), 8080)) {
 *     server.awaitShutdown();
 * }
 * }
 */
public final class DemoApp {
    private static final System.Logger LOG = System.getLogger("dev.weft.examples");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private DemoApp() {
    }

    /** Builds the app; it connects to {@code databaseUrl} (a libpq URI or keyword string) when the server starts. */
    public static WebApp create(String databaseUrl) {
        return create(databaseUrl, false);
    }

    /** Builds the app, with the {@link TestHooks} routes when {@code testHooks} is true. */
    public static WebApp create(String databaseUrl, boolean testHooks) {
        var pool = new AtomicReference<PgPool>();
        var probes = new Probes(pool::get, DemoSchema.MIGRATIONS, PROBE_TIMEOUT);
        var app = WebApp.create()
                .use(Middlewares.accessLog())
                .use(Middlewares.errors())
                .use(DatabaseOutage.middleware())
                .cleanupContext(started -> openPool(databaseUrl, pool))
                .get("/", request -> Response.html(page()))
                .get("/health", probes::health)
                .get("/ready", probes::ready)
                .websocket("/ws", EchoSocket::handle);
        if (testHooks) {
            TestHooks.mount(app, pool::get);
        }
        return Api.builder()
                .title("Weft demo")
                .version("1.0")
                .description("The users API of the Weft demo: [the page](/) tries it from a browser.")
                .providers(new Transactions(pool::get))
                .provide(UserStore.class, scope -> new UserStore(scope.get(PgConnection.class)))
                .controller(new UsersApi())
                .mountOn(app);
    }

    /** Opens the pool at start-up; the handle closes it at cleanup, which runs once requests have drained. */
    private static AutoCloseable openPool(String databaseUrl, AtomicReference<PgPool> pool) {
        PgPool db = DemoSchema.openPool(databaseUrl);
        pool.set(db);
        return () -> {
            LOG.log(System.Logger.Level.INFO, "closing the database pool");
            db.close();
        };
    }

    private static String page() {
        try (InputStream in = DemoApp.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html is missing from the examples jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
