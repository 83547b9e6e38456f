package dev.weft.http.server;

/** A process for {@link RunSignalTest}: serves until SIGTERM, announcing its shutdown hook. */
public final class RunMain {
    private RunMain() {
    }

    /** Runs a one-route app on an ephemeral port of 127.0.0.1. */
    public static void main(String[] args) {
        var app = WebApp.create()
                .get("/", req -> Response.text("up"))
                .onShutdown(a -> System.out.println("shutdown hook ran"));
        HttpServer.run(app, ServerConfig.builder().host("127.0.0.1").port(0).build());
    }
}
