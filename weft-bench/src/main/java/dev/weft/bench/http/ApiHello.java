package dev.weft.bench.http;

import dev.weft.api.Api;
import dev.weft.api.Get;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;

/**
 * The endpoints as a weft-api controller, written as a user would (docs and OpenAPI document left on):
 * measured against {@link WeftHello}, the same endpoints as hand-written {@code WebApp} handlers, the
 * difference is what weft-api adds to a request (binding, result writing, its JSON mapper).
 */
final class ApiHello implements HelloServer {
    private final HttpServer server;

    private ApiHello(HttpServer server) {
        this.server = server;
    }

    /** Public with public methods: the benchmark runs on the class path, where nothing else opens it. */
    public static final class Endpoints {
        /** A plain-text answer needs a {@link Response}, as FastAPI's needs a {@code PlainTextResponse}. */
        @Get("/plaintext")
        public Response plaintext() {
            return Response.text(PLAINTEXT);
        }

        @Get("/json")
        public Message json() {
            return new Message(PLAINTEXT);
        }
    }

    static ApiHello start(String host, int port) {
        return new ApiHello(HttpServer.start(app(), ServerConfig.builder().host(host).port(port).build()));
    }

    static WebApp app() {
        return Api.builder().title("Hello").version("1").controller(new Endpoints()).mountOn(WebApp.create());
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
