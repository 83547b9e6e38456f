package dev.weft.bench.http;

import dev.weft.api.Api;
import dev.weft.api.Get;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;

/**
 * The endpoints as a weft-api controller, written as a user would (docs and OpenAPI document left on):
 * measured against {@link WeftHello#app()}, the same endpoints as hand-written {@code WebApp} handlers,
 * the difference is what weft-api adds to a request (binding, result writing, its JSON mapper).
 */
final class ApiHello {
    private ApiHello() {
    }

    /** Public with public methods: the benchmark runs on the class path, where nothing else opens it. */
    public static final class Endpoints {
        /** A plain-text answer needs a {@link Response}, as FastAPI's needs a {@code PlainTextResponse}. */
        @Get("/plaintext")
        public Response plaintext() {
            return Response.text(HelloServer.PLAINTEXT);
        }

        @Get("/json")
        public HelloServer.Message json() {
            return new HelloServer.Message(HelloServer.PLAINTEXT);
        }
    }

    static WebApp app() {
        return Api.builder().title("Hello").version("1").controller(new Endpoints()).mountOn(WebApp.create());
    }
}
