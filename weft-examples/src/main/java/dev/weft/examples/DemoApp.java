package dev.weft.examples;

import dev.weft.api.Api;
import dev.weft.examples.db.DemoSchema;
import dev.weft.examples.db.Transactions;
import dev.weft.examples.echo.EchoSocket;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo service: the users API on PostgreSQL (typed and validated with weft-api, documented at
 * {@code /docs} and {@code /openapi.json}), a WebSocket echo at {@code /ws} and a page at {@code /} to
 * try them from a browser. The connection pool is opened by a startup hook and closed at cleanup, as in
 * the seeds' "aiohttp + asyncpg" example; each API request runs in a transaction of its own.
 *
 * {@snippet :
 * try (var server = HttpServer.start(DemoApp.create("postgresql://app:secret@localhost/app"), 8080)) {
 *     server.awaitShutdown();
 * }
 * }
 */
public final class DemoApp {
    private DemoApp() {
    }

    /** Builds the app; it connects to {@code databaseUrl} (a libpq URI or keyword string) when the server starts. */
    public static WebApp create(String databaseUrl) {
        var pool = new AtomicReference<PgPool>();
        var app = WebApp.create()
                .use(Middlewares.accessLog())
                .use(Middlewares.errors())
                .cleanupContext(started -> {
                    PgPool db = DemoSchema.openPool(databaseUrl);
                    pool.set(db);
                    return db;
                })
                .get("/", request -> Response.html(page()))
                .websocket("/ws", EchoSocket::handle);
        return Api.builder()
                .title("Weft demo")
                .version("1.0")
                .description("The users API of the Weft demo: [the page](/) tries it from a browser.")
                .providers(new Transactions(pool::get))
                .provide(UserStore.class, scope -> new UserStore(scope.get(PgConnection.class)))
                .controller(new UsersApi())
                .mountOn(app);
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
