package dev.weft.bench.http;

import java.util.Locale;

/**
 * One HTTP server of the side-by-side benchmark serving the two TechEmpower-style endpoints:
 * {@code GET /plaintext} answers {@code Hello, World!} as {@code text/plain} and {@code GET /json}
 * answers {@code {"message":"Hello, World!"}} as {@code application/json}, serialised per request.
 * Every implementation sends {@code Date}, {@code Server}, {@code Content-Type} and
 * {@code Content-Length}, so wrk reads the same amount from each. Thread-safe.
 *
 * {@snippet :
 * try (HelloServer server = HelloServer.start(HelloServer.Kind.WEFT, "127.0.0.1", 0)) {
 *     System.out.println("listening on " + server.port());
 * }
 * }
 */
public interface HelloServer extends AutoCloseable {

    /** The body of {@code /plaintext}. */
    String PLAINTEXT = "Hello, World!";

    /** The value serialised for {@code /json}: {@code {"message":"Hello, World!"}}. */
    record Message(String message) {
    }

    /** The servers this harness knows. */
    enum Kind {
        /** Weft's {@code dev.weft.http.server} on virtual threads. */
        WEFT,
        /** The same Weft server with the endpoints as a {@code dev.weft.api} controller. */
        WEFT_API,
        /** Vert.x 5 core HTTP server on one event loop (native epoll when available). */
        VERTX,
        /** The JDK's {@code com.sun.net.httpserver} with a virtual-thread-per-task executor. */
        JDK;

        /** Parses a command-line name ({@code weft}, {@code weft-api}, {@code vertx}, {@code jdk}), case-insensitive. */
        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown server '" + name + "', expected weft, weft-api, vertx or jdk", e);
            }
        }
    }

    /** Starts a server of {@code kind} on {@code host:port} (port 0 picks a free one); returns once it accepts. */
    static HelloServer start(Kind kind, String host, int port) {
        return switch (kind) {
            case WEFT -> WeftHello.start(WeftHello.app(), host, port);
            case WEFT_API -> WeftHello.start(ApiHello.app(), host, port);
            case VERTX -> VertxHello.start(host, port);
            case JDK -> JdkHello.start(host, port);
        };
    }

    /** The bound TCP port. */
    int port();

    /** Stops the server; idempotent. */
    @Override
    void close();
}
