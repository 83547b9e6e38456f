package dev.weft.bench.http;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;

/**
 * The endpoints on Weft's own server, written as a user would (no tuning): as hand-written handlers
 * ({@link #app()}) or as a weft-api controller ({@link ApiHello#app()}).
 */
final class WeftHello implements HelloServer {
    private final HttpServer server;

    private WeftHello(HttpServer server) {
        this.server = server;
    }

    static WeftHello start(WebApp app, String host, int port) {
        return new WeftHello(HttpServer.start(app, ServerConfig.builder().host(host).port(port).build()));
    }

    static WebApp app() {
        return WebApp.create()
                .get("/plaintext", req -> Response.text(PLAINTEXT))
                .get("/json", req -> Response.json(new Message(PLAINTEXT)));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
