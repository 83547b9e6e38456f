package dev.weft.examples;

import dev.weft.examples.echo.EchoSocket;
import dev.weft.examples.users.UserStore;
import dev.weft.examples.users.UsersApi;
import dev.weft.http.server.Middlewares;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import dev.weft.pg.pool.PgPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo service: the users API on PostgreSQL, a WebSocket echo at {@code /ws} and a page at
 * {@code /} to try both from a browser. The connection pool is opened by a startup hook and closed at
 * cleanup, as in the seeds' "aiohttp + asyncpg" example.
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
        var store = new AtomicReference<UserStore>();
        var app = WebApp.create()
                .use(Middlewares.accessLog())
                .use(Middlewares.errors())
                .cleanupContext(started -> {
                    PgPool db = PgPool.open(databaseUrl);
                    var opened = new UserStore(db);
                    opened.createSchema();
                    store.set(opened);
                    return db;
                })
                .get("/", request -> Response.html(page()))
                .websocket("/ws", EchoSocket::handle);
        return UsersApi.mount(app, store::get);
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
