package dev.weft.http.server;

import dev.weft.http.server.http1.Http1Server;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * A running HTTP/1.1 server: one virtual thread per connection, a blocking loop each, serving one
 * {@link WebApp}. Start it with {@link #start}; {@link #close()} shuts down gracefully (stop
 * accepting, close idle keep-alive connections, let in-flight requests finish within the grace
 * period, close WebSockets with 1001, then run the app's shutdown hooks). Thread-safe.
 *
 * {@snippet :
 * var app = WebApp.create().get("/", req -> Response.text("Hello, World!"));
 * try (var server = HttpServer.start(app, 8080)) {
 *     server.awaitShutdown();
 * }
 * }
 */
public interface HttpServer extends AutoCloseable {
    /** Starts {@code app} on {@code 0.0.0.0:port} with default settings; runs the startup hooks first. */
    static HttpServer start(WebApp app, int port) {
        return start(app, ServerConfig.builder().port(port).build());
    }

    /** Starts {@code app} with {@code config}; runs the app's startup hooks before accepting. */
    static HttpServer start(WebApp app, ServerConfig config) {
        return Http1Server.start(new ServedApp(app, config), config);
    }

    /**
     * Starts {@code app}, then blocks until SIGTERM or SIGINT (a JVM shutdown hook) and shuts down
     * gracefully (aiohttp's {@code web.run_app}).
     */
    static void run(WebApp app, ServerConfig config) {
        Http1Server.run(new ServedApp(app, config), config);
    }

    /** The bound TCP port (useful with port 0), or -1 for a Unix domain socket. */
    int port();

    /** The bound address. */
    SocketAddress address();

    /** Connections open now (WebSockets included). */
    int openConnections();

    /** Connections switched to the WebSocket protocol and open now (a subset of {@link #openConnections()}). */
    int openWebSockets();

    /**
     * Blocks until the server has shut down (by {@link #close()} or a signal under {@link #run}); ends
     * with {@link dev.weft.core.Cancelled} if the caller is cancelled or interrupted while waiting.
     */
    void awaitShutdown();

    /** Shuts down gracefully within {@code grace}, then forcibly; idempotent; blocks until done. */
    void shutdown(Duration grace);

    /** Shuts down gracefully within the configured {@code shutdownGrace}. */
    @Override
    void close();
}
