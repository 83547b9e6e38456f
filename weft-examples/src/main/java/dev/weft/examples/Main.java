package dev.weft.examples;

import dev.weft.embeddedpg.AuthMethod;
import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.examples.feed.FeedConfig;
import dev.weft.examples.ops.DemoOptions;
import dev.weft.examples.ops.OrderedShutdown;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The main job ({@code ./weft run}): the demo service on {@code 127.0.0.1:8080} ({@code HOST} and
 * {@code PORT} change it) on an embedded PostgreSQL that is created at start and removed at the end, or
 * on the server {@code DATABASE_URL} names. SIGTERM or Ctrl-C shuts it down in order (see
 * {@link OrderedShutdown}) and exits 0; a start-up failure prints one line and exits 1, a bad
 * environment value or argument exits 2 (see {@link DemoOptions#USAGE}).
 */
public final class Main {
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.equals(List.of("--help")) || args.equals(List.of("-h"))) {
            out.println(DemoOptions.USAGE);
            return 0;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, env);
        } catch (DemoOptions.UsageError e) {
            err.println("weft demo: " + e.getMessage() + " (./weft run --help lists the settings)");
            return USAGE;
        }
        EmbeddedPostgres embedded = null;
        HttpServer server;
        try {
            String databaseUrl = options.databaseUrl();
            if (databaseUrl == null) {
                out.println("Starting an embedded PostgreSQL (set DATABASE_URL to use your own server)...");
                embedded = EmbeddedPostgres.builder().user("demo", "demo", AuthMethod.SCRAM_SHA_256)
                        .stopOnExit(false) // OrderedShutdown stops it, after the requests that use it
                        .start();
                embedded.createDatabase("demo");
                embedded.execute("ALTER DATABASE demo OWNER TO demo");
                databaseUrl = embedded.uri("demo", "demo", "demo");
                out.println("PostgreSQL " + embedded.serverVersion() + " is listening on " + embedded.host() + ":"
                        + embedded.port() + " (user demo, password demo, database demo; removed when the demo stops)");
            }
            server = HttpServer.start(DemoApp.create(databaseUrl, FeedConfig.defaults(), options.testHooks()), ServerConfig.builder()
                    .host(options.host()).port(options.port()).shutdownGrace(options.shutdownGrace())
                    .trustedProxies(options.trustedProxies()).build());
        } catch (RuntimeException e) {
            err.println("weft demo: cannot start: " + reasons(e) + hint(e, options));
            if (embedded != null) {
                embedded.close();
            }
            return FAILED;
        }
        var shutdown = new OrderedShutdown(server, embedded, options.shutdownGrace());
        shutdown.handleSignals();
        banner(out, (InetSocketAddress) server.address());
        server.awaitShutdown();
        shutdown.awaitDone();
        return 0;
    }

    private static void banner(PrintStream out, InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        String where = address.getAddress().isAnyLocalAddress()
                ? "every interface (HOST=" + address.getHostString() + "), port " + address.getPort()
                : address.getHostString() + " port " + address.getPort() + " only (set HOST=0.0.0.0 to open it to other machines)";
        out.printf("""
                Weft demo is listening on %2$s:
                  %1$s/           a page to try the users API, live, and the WebSocket echo
                  %1$s/users      the users API (GET, POST; /users/{id}: GET, PUT, PATCH, DELETE)
                  %1$s/docs       its interactive docs (Swagger UI; /openapi.json for the document)
                  %1$s/events     every change, live (Server-Sent Events; %3$s/ws/events as a WebSocket)
                  %1$s/health     liveness (200 while it serves)
                  %1$s/ready      readiness (503 until the database answers and the migrations are applied)
                  %1$s/metrics    Prometheus metrics
                  %3$s/ws           the WebSocket echo
                Press Ctrl-C to stop.
                """, base, where, base.replaceFirst("^http", "ws"));
        out.flush();
    }

    /** The messages of {@code e} and its causes, each once: the line a user reads instead of a stack trace. */
    static String reasons(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }

    private static String hint(Throwable e, DemoOptions options) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return " (is another program on port " + options.port() + "? set PORT to another one, or 0 for any free port)";
            }
        }
        return "";
    }
}
