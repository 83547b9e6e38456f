package dev.weft.examples;

import dev.weft.api.Api;
import dev.weft.api.SecurityScheme;
import dev.weft.examples.auth.AccountStore;
import dev.weft.examples.auth.AuthApi;
import dev.weft.examples.auth.DemoAuth;
import dev.weft.examples.db.DatabaseOutage;
import dev.weft.examples.db.DemoSchema;
import dev.weft.examples.db.Transactions;
import dev.weft.examples.echo.EchoSocket;
import dev.weft.examples.feed.FeedConfig;
import dev.weft.examples.feed.FeedHub;
import dev.weft.examples.feed.LiveFeed;
import dev.weft.examples.ops.Probes;
import dev.weft.examples.ops.TestHooks;
import dev.weft.examples.users.UserStore;
import dev.weft.examples.users.UsersApi;
import dev.weft.http.server.AccessLogEntry;
import dev.weft.http.server.Middleware;
import dev.weft.http.server.Middlewares;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import dev.weft.metrics.PgPoolMetrics;
import dev.weft.metrics.WeftMetrics;
import dev.weft.pg.PgConnection;
import dev.weft.pg.pool.PgPool;
import dev.weft.security.jwt.JwtProviders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The demo service: the users API on PostgreSQL (typed and validated with weft-api, documented at
 * {@code /docs} and {@code /openapi.json}), accounts with hashed passwords and bearer tokens
 * ({@code /auth/signup}, {@code /auth/token}, {@code /auth/me}, see {@link AuthApi}), the live feed of its changes ({@code /events} and
 * {@code /ws/events}, see {@link LiveFeed}), a WebSocket echo at {@code /ws}, a page at {@code /} to try
 * them from a browser, the probes {@code /health} and {@code /ready}, and {@code /metrics}. The
 * connection pool is opened (and the schema migrated, see {@link DemoSchema}) by a startup hook and
 * closed at cleanup, after the server has drained its requests; each API request runs in a transaction
 * of its own. While the database is unavailable, requests that need it answer 503 with
 * {@code Retry-After}.
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
        return create(databaseUrl, FeedConfig.defaults());
    }

    /** Builds the app with the live feed's limits {@code feedConfig}. */
    public static WebApp create(String databaseUrl, FeedConfig feedConfig) {
        return create(databaseUrl, databaseUrl, feedConfig, false);
    }

    /**
     * Builds the app for a database behind a transaction-mode pooler (pgbouncer): the users API connects to
     * {@code databaseUrl}, the live feed and the migrations to {@code directUrl}, which must reach
     * PostgreSQL itself because LISTEN and the migrations' advisory lock need a session of their own. With
     * both the same, one pool serves all.
     */
    public static WebApp create(String databaseUrl, String directUrl, FeedConfig feedConfig) {
        return create(databaseUrl, directUrl, feedConfig, false);
    }

    /** Builds the app with the live feed's limits, and the {@link TestHooks} routes when {@code testHooks} is true. */
    public static WebApp create(String databaseUrl, FeedConfig feedConfig, boolean testHooks) {
        return create(databaseUrl, databaseUrl, feedConfig, testHooks);
    }

    private static WebApp create(String databaseUrl, String directUrl, FeedConfig feedConfig, boolean testHooks) {
        Objects.requireNonNull(directUrl, "directUrl");
        var pool = new AtomicReference<PgPool>();
        var feed = new LiveFeed(feedConfig);
        var probes = new Probes(pool::get, DemoSchema.MIGRATIONS, PROBE_TIMEOUT);
        var app = WebApp.create()
                .use(accessLog())
                .use(Middlewares.requestId())
                .use(Middlewares.errors())
                .cleanupContext(started -> openPools(databaseUrl, directUrl, pool, feed))
                .get("/", request -> Response.html(page()))
                .get("/health", probes::health)
                .get("/ready", probes::ready)
                .websocket("/ws", EchoSocket::handle);
        if (testHooks) {
            TestHooks.mount(app, pool::get);
        }
        feed.mountOn(app);
        mountMetrics(app, pool::get);
        // Innermost, after the metrics middleware (which turns failures into responses): it must see the
        // database's failure itself to answer 503, and the metrics then count the 503.
        app.use(DatabaseOutage.middleware());
        DemoAuth auth = DemoAuth.create(System.getenv("JWT_SECRET"));
        return Api.builder()
                .title("Weft demo")
                .version("1.0")
                .description("The users API of the Weft demo: [the page](/) tries it from a browser.")
                .security(SecurityScheme.oauth2Password("bearer", "/auth/token"))
                .providers(new Transactions(pool::get))
                .providers(JwtProviders.forApi(auth.verifier()))
                .provide(UserStore.class, scope -> new UserStore(scope.get(PgConnection.class)))
                // On the pool, not the request's transaction: no connection waits while a password hashes.
                .provide(AccountStore.class, scope -> new AccountStore(pool.get()))
                .controller(new UsersApi())
                .controller(new AuthApi(auth))
                .mountOn(app);
    }

    /**
     * Opens the pools at start-up, migrating through the direct one, and starts the feed on it; the
     * handle stops the feed, then closes the pools, at cleanup, which runs once requests have drained.
     */
    private static AutoCloseable openPools(String databaseUrl, String directUrl, AtomicReference<PgPool> pool,
                                           LiveFeed feed) {
        PgPool direct = DemoSchema.openPool(directUrl);
        PgPool db = directUrl.equals(databaseUrl) ? direct : DemoSchema.connect(databaseUrl);
        pool.set(db);
        FeedHub hub = feed.start(direct);
        return () -> {
            try (direct; AutoCloseable apiPool = db == direct ? () -> { } : db) {
                hub.close(); // the feed stops listening before the pools close
                LOG.log(System.Logger.Level.INFO, "closing the database pool");
            }
        };
    }

    /** Prometheus metrics at {@code /metrics}: requests per route, the server, the pool once it is open, the JVM. */
    private static void mountMetrics(WebApp app, Supplier<PgPool> pool) {
        var metrics = WeftMetrics.create();
        metrics.mountOn(app);
        // Added after the pool's context: opened once the pool is, and closed (GC listeners) before it.
        app.cleanupContext(started -> metrics.bind(new PgPoolMetrics(pool.get(), "demo")));
    }

    /** The access log: Common Log Format, or one JSON object per request on stdout with {@code ACCESS_LOG=json}. */
    private static Middleware accessLog() {
        return "json".equalsIgnoreCase(System.getenv("ACCESS_LOG"))
                ? Middlewares.accessLog(AccessLogEntry::jsonLine, System.out::println)
                : Middlewares.accessLog();
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
