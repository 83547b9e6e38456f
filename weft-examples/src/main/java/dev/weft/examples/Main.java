package dev.weft.examples;

import dev.weft.embeddedpg.AuthMethod;
import dev.weft.embeddedpg.EmbeddedPostgres;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;

/**
 * The main job ({@code ./weft run}): the demo service on port 8080 ({@code PORT} overrides it) on an
 * embedded PostgreSQL that is created and seeded at start, or on the server {@code DATABASE_URL} names.
 * Ctrl-C shuts the server down gracefully.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String databaseUrl = System.getenv("DATABASE_URL");
        EmbeddedPostgres embedded = null;
        if (databaseUrl == null || databaseUrl.isBlank()) {
            System.out.println("Starting an embedded PostgreSQL (set DATABASE_URL to use your own server)...");
            embedded = EmbeddedPostgres.builder().user("demo", "demo", AuthMethod.SCRAM_SHA_256).start();
            embedded.createDatabase("demo");
            embedded.execute("ALTER DATABASE demo OWNER TO demo");
            databaseUrl = embedded.uri("demo", "demo", "demo");
            System.out.println("PostgreSQL " + embedded.serverVersion() + " is listening on "
                    + embedded.host() + ":" + embedded.port() + " (user demo, password demo, database demo)");
        }
        try (HttpServer server = HttpServer.start(DemoApp.create(databaseUrl),
                ServerConfig.builder().port(port).build())) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
            System.out.printf("""
                    Weft demo is running:
                      http://localhost:%1$d/          a page to try the WebSocket echo and the users API
                      http://localhost:%1$d/users     the users API (GET, POST; /users/{id}: GET, PUT, PATCH, DELETE)
                      http://localhost:%1$d/docs      its interactive docs (Swagger UI; /openapi.json for the document)
                      ws://localhost:%1$d/ws          the WebSocket echo
                    Press Ctrl-C to stop.
                    """, server.port());
            server.awaitShutdown();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
