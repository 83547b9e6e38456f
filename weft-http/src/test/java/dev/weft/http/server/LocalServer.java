package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

/** A test's server on a free loopback port, and the leak check that ends each server suite. */
final class LocalServer {
    private LocalServer() {
    }

    /** Settings for a server on 127.0.0.1 and a free port, to which a test adds its own. */
    static ServerConfig.Builder config() {
        return ServerConfig.builder().host("127.0.0.1").port(0);
    }

    /** Serves {@code app} on 127.0.0.1 and a free port with the default settings. */
    static HttpServer start(WebApp app) {
        return HttpServer.start(app, config().build());
    }

    /** Stops {@code server} and checks that no connection was left open. */
    static void stop(HttpServer server) {
        server.close();
        assertThat(server.openConnections()).as("connections left after close").isZero();
    }
}
