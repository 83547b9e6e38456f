package dev.weft.metrics;

import dev.weft.http.server.HttpServer;
import dev.weft.http.server.Response;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.server.WebApp;

/**
 * The hello server of {@code weft-metrics/bench/overhead.sh}, without ({@code plain}) or with
 * ({@code metrics}) the request metrics middleware and {@code /metrics}: the same route, so that the
 * difference is the middleware. Not a test: a program the script starts pinned to one core.
 */
public final class OverheadServerMain {
    private OverheadServerMain() {
    }

    /** {@code plain|metrics PORT}: serves {@code GET /plaintext} until killed; prints LISTENING once it accepts. */
    public static void main(String[] args) {
        if (args.length != 2 || !(args[0].equals("plain") || args[0].equals("metrics"))) {
            System.err.println("usage: OverheadServerMain plain|metrics PORT");
            System.exit(2);
        }
        WebApp app = WebApp.create().get("/plaintext", req -> Response.text("Hello, World!"));
        if (args[0].equals("metrics")) {
            WeftMetrics.create().mountOn(app);
        }
        HttpServer server = HttpServer.start(app,
                ServerConfig.builder().host("127.0.0.1").port(Integer.parseInt(args[1])).build());
        System.out.println("LISTENING " + server.port());
        server.awaitShutdown();
    }
}
